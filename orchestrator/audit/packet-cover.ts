// The cover facts a payer needs to act on an appeal, gathered from what intake
// and the remittance recorded: the patient (name from the 835's NM1*QC; date
// of birth and member id from the worklist row), the date of service, the
// billing provider's NPI and TIN, the denied amount, the appeal reason, the
// payer's rationale and an argument drafted from the CARC; and the enclosures:
// the denial letter PDF the portal gave us and the claim's slice of the 835.
// PHI by necessity (the packet goes to the payer): it goes into the signed
// packet only, never into a log line or the sources summary.
import type { PacketClaim, PacketDocumentInput } from '../../evidence-store/index.ts';
import type { AccessContext, EvidenceStore } from '../../evidence-store/index.ts';
import { slice835Claim, type ClaimSlice } from '../../x12/slice.ts';
import type { Db } from '../platform/db/client.ts';
import type { ClaimRecord } from './claim-lookup.ts';

/** The facts an appeal argument is drafted from. */
export interface ArgumentFacts {
  claimNumber: string;
  payer: string;
  carc: string | null;
  carcDescription: string | null;
  serviceDate: string | null;
  rationale: string | null;
}

/**
 * Drafts the cover's argument (the denial work queue's draftAppealArgument, which knows the CARC
 * routing): given by the front end, since the audit subsystem does not reach into the work queue.
 */
export type ArgumentDrafter = (facts: ArgumentFacts) => { category: string; paragraphs: string[] };

export interface PacketCover {
  fields: Pick<
    PacketClaim,
    'patient' | 'serviceDate' | 'billingProvider' | 'deniedAmount' | 'appealReason' | 'payerRationale' | 'argument'
  >;
  documents: PacketDocumentInput[];
  /** Where each cover fact came from (names of sources, never the values). */
  sources: Record<string, string>;
}

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : undefined);
const period = (from?: string | null, to?: string | null) =>
  from ? (to && to !== from ? `${from} to ${to}` : from) : undefined;
const money = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
const titleCase = (s: string) => s.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());

/** The first value that is set, with the name of its source. */
function pick<T>(...options: Array<[T | null | undefined, string]>): [T, string] | undefined {
  const hit = options.find(([v]) => v !== null && v !== undefined && v !== '');
  return hit as [T, string] | undefined;
}

export async function packetCoverFor(
  db: Db,
  store: EvidenceStore,
  claim: ClaimRecord,
  base: PacketClaim,
  opts: {
    who: Required<Pick<AccessContext, 'actor' | 'reason'>>;
    appealReason?: string;
    draftArgument: ArgumentDrafter;
  },
): Promise<PacketCover> {
  const who = { ...opts.who, claimRef: claim.claimNumber };
  const [row, worklist, item, remit, letter] = await Promise.all([
    db.claim.findUnique({ where: { id: claim.id }, select: { serviceDate: true } }),
    db.worklistItem.findFirst({ where: { claimId: claim.id }, orderBy: { updatedAt: 'desc' } }),
    db.denialWorkItem.findUnique({
      where: { claimId: claim.id },
      select: { primaryCarc: true, rationale: true, dollarsAtRisk: true, providerNpi: true },
    }),
    db.eraRemittanceClaim.findFirst({
      where: { matchedClaimId: claim.id },
      orderBy: { createdAt: 'desc' },
      include: { payment: { include: { file: { select: { storageKey: true } } } } },
    }),
    db.evidence.findFirst({
      where: { claimId: claim.id, kind: 'file', contentType: 'application/pdf' },
      orderBy: { capturedAt: 'desc' },
      select: { storageKey: true, label: true },
    }),
  ]);

  const documents: PacketDocumentInput[] = [];
  const sources: Record<string, string> = {};
  if (letter) {
    // The store's read re-hashes the bytes and records the export in its chained access log.
    const bytes = await store.read(letter.storageKey, who);
    documents.push({
      role: 'denial-letter',
      label: 'Denial letter (PDF)',
      contentType: 'application/pdf',
      bytes,
      ext: 'pdf',
    });
    sources.denialLetter = 'evidence file from the portal';
  }
  let slice: ClaimSlice | null = null;
  if (remit?.payment.file.storageKey) {
    const bytes = await store.read(remit.payment.file.storageKey, who);
    slice = slice835Claim(bytes, {
      patientControlNumber: remit.patientControlNumber,
      payerClaimNumber: remit.payerClaimNumber,
      transactionIndex: remit.payment.transactionIndex,
      claimIndex: remit.claimIndex,
    });
    if (slice) {
      documents.push({
        role: 'era-835-slice',
        label: `835 remittance: claim ${remit.payerClaimNumber ?? remit.patientControlNumber} with its transaction header`,
        contentType: 'text/plain; charset=iso-8859-1',
        bytes: Buffer.from(`${slice.text}\n`, 'latin1'),
        ext: 'txt',
      });
      sources.era835 = `835 transaction ${remit.payment.controlNumber}, claim ${remit.claimIndex + 1}`;
    }
  }

  const name = slice?.patient.lastName
    ? titleCase([slice.patient.firstName, slice.patient.middleName, slice.patient.lastName].filter(Boolean).join(' '))
    : undefined;
  const memberId = pick<string>([worklist?.memberId, 'worklist'], [slice?.patient.memberId, '835 NM1']);
  const dob = pick<string>([day(worklist?.dateOfBirth), 'worklist']);
  const serviceDate = pick<string>(
    [period(day(worklist?.serviceDateFrom), day(worklist?.serviceDateTo)), 'worklist'],
    [day(row?.serviceDate), 'claim-status result'],
    [period(slice?.statementFrom, slice?.statementTo), '835 DTM*232/233'],
  );
  const npi = pick<string>(
    [worklist?.providerNpi, 'worklist'],
    [item?.providerNpi, 'work item'],
    [slice?.payee.npi, '835 N1*PE'],
    [remit?.payment.payeeNpi, '835 payee'],
  );
  const tin = pick<string>(
    [worklist?.tin, 'worklist'],
    [slice?.payee.taxId, '835 REF*TJ'],
    [remit?.payment.payeeTaxId, '835 payee'],
  );
  const providerName = slice?.payee.name ?? remit?.payment.payeeName ?? undefined;
  for (const [k, v] of Object.entries({ memberId, dateOfBirth: dob, serviceDate, npi, tin }))
    sources[k] = v ? v[1] : 'none recorded';
  sources.patientName = name ? '835 NM1*QC' : 'none recorded';

  const denied = (base.denialCodes ?? []).filter((c) => c.group !== 'PR' && c.group !== 'RARC');
  const carc = item?.primaryCarc ?? denied[0]?.code ?? null;
  const deniedAmount =
    money(item?.dollarsAtRisk) ?? (denied.length ? denied.reduce((s, c) => s + c.amount, 0) : undefined);
  const rationale = item?.rationale?.trim() || null;
  const argument = opts.draftArgument({
    claimNumber: base.claimNumber,
    payer: base.payer,
    carc,
    carcDescription: (base.denialCodes ?? []).find((c) => c.code === carc && c.group !== 'RARC')?.description ?? null,
    serviceDate: serviceDate?.[0] ?? null,
    rationale,
  });
  sources.argument = `appeal-arguments.json, category ${argument.category}`;

  const patient = {
    ...(name ? { name } : {}),
    ...(dob ? { dateOfBirth: dob[0] } : {}),
    ...(memberId ? { memberId: memberId[0] } : {}),
  };
  const provider = {
    ...(providerName ? { name: providerName } : {}),
    ...(npi ? { npi: npi[0] } : {}),
    ...(tin ? { tin: tin[0] } : {}),
  };
  return {
    fields: {
      ...(Object.keys(patient).length ? { patient } : {}),
      ...(serviceDate ? { serviceDate: serviceDate[0] } : {}),
      ...(Object.keys(provider).length ? { billingProvider: provider } : {}),
      ...(deniedAmount === undefined ? {} : { deniedAmount }),
      ...(opts.appealReason ? { appealReason: opts.appealReason } : {}),
      ...(rationale ? { payerRationale: rationale } : {}),
      argument: argument.paragraphs,
    },
    documents,
    sources,
  };
}
