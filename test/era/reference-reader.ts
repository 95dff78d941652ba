// A deliberately naive second reader of 835 files, for the public-corpus test:
// plain string splitting, no state machine, no speed tricks. It reads the raw
// values the parser must carry (envelope, BPR flags, header/claim/line extras,
// PLB ids) so the test compares the parser against the file, not against itself.

export interface RefLine {
  revenueCode?: string;
  originalProcedureCode?: string;
  originalUnits?: number;
  serviceEndDate?: string;
  pharmacyRejectCodes?: string[];
  references: Record<string, string>;
  amounts: Record<string, number>;
}

export interface RefClaim {
  patientControlNumber: string;
  facilityType?: string;
  frequencyCode?: string;
  drgCode?: string;
  originalReferenceNumber?: string;
  statementFromDate?: string;
  statementToDate?: string;
  receivedDate?: string;
  renderingProviderId?: string;
  amounts: Record<string, number>;
  references: Record<string, string>;
  lines: RefLine[];
}

export interface RefTransaction {
  usage: string;
  senderId: string;
  version: string;
  handlingCode: string;
  creditDebit: 'C' | 'D';
  bprAmount: number;
  traceSupplementalCode?: string;
  productionDate?: string;
  headerReferences: Record<string, string>;
  claims: RefClaim[];
  plb: { providerId: string; fiscalPeriodDate?: string }[];
}

export interface RefFile {
  transactions: RefTransaction[];
  /** NM1*QC / NM1*IL last and first names and member ids: must never appear in parser output. */
  personIds: string[];
}

const PERSON_REFS = new Set(['1W', 'SY', 'IG', 'HJ']);

function d8(s: string | undefined): string | undefined {
  if (!s || !/^\d{8}$/.test(s)) return undefined;
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** Every segment of every interchange as an element array (element 0 = id) plus the component separator. */
export function splitSegments(text: string): { els: string[]; component: string }[] {
  const out: { els: string[]; component: string }[] = [];
  let pos = 0;
  const t = text.replace(/^(\uFEFF|\xEF\xBB\xBF)/, '');
  while (pos < t.length) {
    while (pos < t.length && /\s/.test(t[pos]!)) pos++;
    if (pos >= t.length) break;
    if (t.slice(pos, pos + 3) !== 'ISA') throw new Error('reference reader: no ISA');
    const element = t[pos + 3]!;
    let i = pos;
    for (let n = 0; n < 16; i++) if (t[i] === element) n++;
    const component = t[i]!;
    let term = t[i + 1]!;
    if (term === '\n' || term === '\r') {
      let j = i + 1;
      while (t[j] === '\n' || t[j] === '\r') j++;
      if (j < t.length && !/[A-Za-z0-9\s]/.test(t[j]!)) term = t[j]!;
    }
    // Split the rest of the text into segments until (and including) IEA.
    let p = pos;
    for (;;) {
      let e = t.indexOf(term, p);
      if (e < 0) e = t.length;
      const raw = t.slice(p, e).replace(/^[\s]+|[\r\n]+$/g, '');
      p = e + 1;
      if (raw.length > 0) {
        const els = raw.split(element);
        out.push({ els, component });
        if (els[0] === 'IEA') break;
      }
      if (e >= t.length) break;
    }
    pos = p;
  }
  return out;
}

function addRef(into: Record<string, string>, q: string, v: string): void {
  let key = q;
  for (let n = 2; into[key] !== undefined; n++) key = `${q}#${n}`;
  into[key] = v;
}

export function readReference(text: string): RefFile {
  const file: RefFile = { transactions: [], personIds: [] };
  let usage = '';
  let senderId = '';
  let version = '';
  let tx: RefTransaction | null = null;
  let claim: RefClaim | null = null;
  let line: RefLine | null = null;
  let inHeader = false;
  const segments = splitSegments(text);
  // A value that also stands outside person segments (a tax id, de-identified filler) is not a person's.
  const elsewhere = new Set<string>();
  for (const { els } of segments)
    if (!(els[0] === 'NM1' && ['QC', 'IL', '74'].includes(els[1]!)) && !(els[0] === 'REF' && PERSON_REFS.has(els[1]!)))
      for (const v of els) elsewhere.add(v.trim());
  for (const { els, component } of segments) {
    const id = els[0]!;
    const e = (n: number) => els[n] ?? '';
    if (id === 'ISA') {
      usage = e(15).trim();
      senderId = e(6).trim();
    } else if (id === 'GS') version = e(8);
    else if (id === 'ST') {
      tx = null;
      if (e(1) !== '835') continue;
      tx = {
        usage,
        senderId,
        version,
        handlingCode: '',
        creditDebit: 'C',
        bprAmount: 0,
        headerReferences: {},
        claims: [],
        plb: [],
      };
      file.transactions.push(tx);
      claim = null;
      line = null;
      inHeader = true;
    } else if (tx === null) {
    } else if (id === 'BPR') {
      tx.handlingCode = e(1);
      tx.creditDebit = e(3) === 'D' ? 'D' : 'C';
      tx.bprAmount = Number(e(2));
    } else if (id === 'TRN' && inHeader) {
      if (e(4)) tx.traceSupplementalCode = e(4);
    } else if (id === 'DTM' && inHeader) {
      if (e(1) === '405' && d8(e(2))) tx.productionDate = d8(e(2));
    } else if (id === 'REF' && inHeader) {
      if (e(1) && e(2)) addRef(tx.headerReferences, e(1), e(2));
    } else if (id === 'N1') {
      inHeader = false;
    } else if (id === 'CLP') {
      inHeader = false;
      line = null;
      claim = { patientControlNumber: e(1), amounts: {}, references: {}, lines: [] };
      if (e(8)) claim.facilityType = e(8);
      if (e(9)) claim.frequencyCode = e(9);
      if (e(11)) claim.drgCode = e(11);
      tx.claims.push(claim);
    } else if (id === 'SVC' && claim) {
      line = { references: {}, amounts: {} };
      if (e(4)) line.revenueCode = e(4);
      if (e(6)) line.originalProcedureCode = e(6).split(component)[1];
      if (e(7)) line.originalUnits = Number(e(7));
      claim.lines.push(line);
    } else if (id === 'NM1' && claim && !line) {
      if (e(1) === 'QC' || e(1) === 'IL' || e(1) === '74') {
        for (const v of [e(3), e(4), e(9)]) if (v.trim().length >= 3) file.personIds.push(v.trim());
      }
      if (e(1) === '82' && e(9)) claim.renderingProviderId = e(9);
    } else if (id === 'REF' && claim && e(1) && e(2)) {
      if (PERSON_REFS.has(e(1))) file.personIds.push(e(2));
      else if (line) addRef(line.references, e(1), e(2));
      else {
        addRef(claim.references, e(1), e(2));
        if (e(1) === 'F8') claim.originalReferenceNumber = e(2);
      }
    } else if (id === 'DTM' && claim) {
      const d = d8(e(2));
      if (!d) continue;
      if (line) {
        if (e(1) === '151') line.serviceEndDate = d;
      } else if (e(1) === '232') claim.statementFromDate = d;
      else if (e(1) === '233') claim.statementToDate = d;
      else if (e(1) === '050') claim.receivedDate = d;
    } else if (id === 'AMT' && claim) {
      (line ?? claim).amounts[e(1)] = Number(e(2));
    } else if (id === 'LQ' && line && e(1) === 'RX') {
      line.pharmacyRejectCodes = [...(line.pharmacyRejectCodes ?? []), e(2)];
    } else if (id === 'PLB') {
      for (let k = 3; k <= 13; k += 2) if (e(k)) tx.plb.push({ providerId: e(1), fiscalPeriodDate: d8(e(2)) });
    }
  }
  file.personIds = file.personIds.filter((v) => !elsewhere.has(v));
  return file;
}
