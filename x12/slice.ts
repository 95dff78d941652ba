// One claim's slice of an 835, as text for an appeal packet: the transaction
// header (ST through the payer and payee loops, up to the first LX/CLP) and
// the claim's CLP loop (CLP through its service lines), with the SE trailer,
// so a payer reads the remittance they sent about this claim and nothing of
// other patients'. It also reads the parties the cover needs: the patient
// (NM1*QC), the member id (NM1*IL, else NM1*QC), the payee's NPI (N1*PE ..XX)
// and TIN (REF*TJ), and the statement and received dates. Social security
// numbers (NM108 = 34, REF*SY) are never copied: they are masked in the text.
export interface ClaimSliceTarget {
  /** CLP01. */
  patientControlNumber: string;
  /** CLP07, when known. */
  payerClaimNumber?: string | null;
  /** 0-based ST..SE index and CLP index within it, as the ERA pipeline stored them (preferred on ties). */
  transactionIndex?: number;
  claimIndex?: number;
}

export interface ClaimSlice {
  /** One segment per line, each ending with the file's segment terminator. */
  text: string;
  segments: number;
  patient: { lastName: string | null; firstName: string | null; middleName: string | null; memberId: string | null };
  payee: { name: string | null; npi: string | null; taxId: string | null };
  payerName: string | null;
  /** DTM*232 / DTM*233 (claim statement period), YYYY-MM-DD. */
  statementFrom: string | null;
  statementTo: string | null;
  /** DTM*050: the date the payer received the claim. */
  receivedDate: string | null;
}

const d8 = (v: string | undefined) =>
  v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : null;
const orNull = (v: string | undefined) => (v ? v : null);

function delimiters(text: string): { element: string; segment: string } | null {
  if (!text.startsWith('ISA') || text.length < 106) return null;
  const element = text[3]!;
  let seps = 0;
  for (let i = 3; i < Math.min(text.length, 400); i++) {
    if (text[i] !== element) continue;
    if (++seps === 16) {
      const segment = text[i + 2];
      return segment ? { element, segment: segment === '\r' ? '\n' : segment } : null;
    }
  }
  return null;
}

const isLoopEnd = (id: string) => id === 'CLP' || id === 'LX' || id === 'PLB' || id === 'SE';

/** The claim's slice, or null when the file holds no CLP for it (or is not X12). */
export function slice835Claim(bytes: Uint8Array, target: ClaimSliceTarget): ClaimSlice | null {
  const text = Buffer.from(bytes).toString('latin1').trimStart();
  const delim = delimiters(text);
  if (!delim) return null;
  const segs = text
    .split(delim.segment)
    .map((s) => s.replace(/^[\r\n]+|[\r\n]+$/g, ''))
    .filter((s) => s.length > 0);
  const fields = segs.map((s) => s.split(delim.element));

  type Candidate = { header: number[]; loop: number[]; se: number | null; exact: boolean };
  const candidates: Candidate[] = [];
  let tx = -1;
  let header: number[] = [];
  let inHeader = false;
  let clp = -1;
  let open: Candidate | null = null;
  for (let i = 0; i < fields.length; i++) {
    const id = fields[i]![0]!;
    if (open && isLoopEnd(id)) open = null;
    if (id === 'ST') {
      tx++;
      clp = -1;
      header = [i];
      inHeader = true;
      continue;
    }
    if (inHeader && (id === 'LX' || id === 'CLP')) inHeader = false;
    if (inHeader) header.push(i);
    if (id === 'CLP') {
      clp++;
      const f = fields[i]!;
      const pcnMatches = f[1] === target.patientControlNumber;
      const numberMatches = !target.payerClaimNumber || f[7] === target.payerClaimNumber;
      if (pcnMatches && numberMatches) {
        open = {
          header: [...header],
          loop: [],
          se: null,
          exact: tx === target.transactionIndex && clp === target.claimIndex,
        };
        candidates.push(open);
      }
    }
    if (open) open.loop.push(i);
    if (id === 'SE') for (const c of candidates) if (c.se === null && c.header[0]! < i) c.se = i;
  }
  const chosen = candidates.find((c) => c.exact) ?? candidates[0];
  if (!chosen) return null;

  const masked = (i: number) => {
    const f = [...fields[i]!];
    if (f[0] === 'NM1' && f[8] === '34' && f[9]) f[9] = 'X'.repeat(f[9].length);
    if (f[0] === 'REF' && f[1] === 'SY' && f[2]) f[2] = 'X'.repeat(f[2].length);
    return f;
  };
  const rows = [...chosen.header, ...chosen.loop, ...(chosen.se === null ? [] : [chosen.se])].map(masked);
  const find = (ids: number[], pred: (f: string[]) => boolean) => ids.map(masked).find(pred) as string[] | undefined;
  const qc = find(chosen.loop, (f) => f[0] === 'NM1' && f[1] === 'QC');
  const il = find(chosen.loop, (f) => f[0] === 'NM1' && f[1] === 'IL');
  const memberOf = (f: string[] | undefined) => (f && f[8] === 'MI' ? orNull(f[9]) : null);
  const pe = find(chosen.header, (f) => f[0] === 'N1' && f[1] === 'PE');
  const pr = find(chosen.header, (f) => f[0] === 'N1' && f[1] === 'PR');
  const tin = find(chosen.header, (f) => f[0] === 'REF' && f[1] === 'TJ');
  const dtm = (q: string) => d8(find(chosen.loop, (f) => f[0] === 'DTM' && f[1] === q)?.[2]);
  return {
    text: rows.map((f) => `${f.join(delim.element)}${delim.segment === '\n' ? '' : delim.segment}`).join('\n'),
    segments: rows.length,
    patient: {
      lastName: orNull(qc?.[3]),
      firstName: orNull(qc?.[4]),
      middleName: orNull(qc?.[5]),
      memberId: memberOf(il) ?? memberOf(qc),
    },
    payee: { name: orNull(pe?.[2]), npi: pe?.[3] === 'XX' ? orNull(pe[4]) : null, taxId: orNull(tin?.[2]) },
    payerName: orNull(pr?.[2]),
    statementFrom: dtm('232'),
    statementTo: dtm('233'),
    receivedDate: dtm('050'),
  };
}
