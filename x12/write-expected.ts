// What the parser must read back from a file the writer made: the input
// transaction plus everything the writer adds on its own (envelope ids, BPR
// flags, DTM*405, REF*2U/TJ, LX 1, CLP08/09, PLB01/02), minus the patient
// identity the parser drops. Mock portals use it as their ground truth and the
// round-trip test as its expectation, so both say exactly what was written.
import type { Claim, ProviderAdjustment, ServiceLine, Transaction } from './types.ts';
import { bprFlags, type WritableTransaction, type Write835Options } from './write.ts';

/** The writer's fixed CLP08 (office) and CLP09 (original claim). */
const FACILITY_TYPE = '11';
const FREQUENCY_CODE = '1';

function line(l: ServiceLine): ServiceLine {
  const out: ServiceLine = { ...l };
  if (l.lineItemControlNumber !== null && l.references === undefined)
    out.references = { '6R': l.lineItemControlNumber };
  if (l.allowedAmount !== null && l.amounts === undefined) out.amounts = { B6: l.allowedAmount };
  return out;
}

function claim(c: WritableTransaction['claims'][number]): Claim {
  const { patient: _p, ...rest } = c;
  return {
    ...rest,
    lxNumber: '1',
    facilityType: FACILITY_TYPE,
    frequencyCode: FREQUENCY_CODE,
    serviceLines: rest.serviceLines.map(line),
  };
}

export function expectedFromWriter(tx: WritableTransaction, opts: Write835Options = {}): Transaction {
  const { payerAddress: _a, payeeAddress: _b, ...rest } = tx;
  const sender = opts.senderId ?? 'MOCKPAYER';
  const receiver = opts.receiverId ?? 'MOCKPROVIDER';
  const flags = bprFlags(tx);
  const payer: Transaction['payer'] = { ...tx.payer };
  if (tx.payer.id !== null) {
    payer.idQualifier = '2U';
    payer.references = { '2U': tx.payer.id };
  } else if (tx.payment.traceNumber !== null) {
    // TRN03 defaults to "1" + a placeholder EIN, which the parser reports as that EIN.
    payer.id = '999999999';
    payer.idQualifier = 'FI';
  }
  const payee: Transaction['payee'] = { ...tx.payee };
  if (tx.payee.npi !== null) {
    payee.idQualifier = 'XX';
    if (tx.payee.taxId !== null) payee.references = { TJ: tx.payee.taxId };
  } else if (tx.payee.taxId !== null) {
    payee.idQualifier = 'FI';
  }
  const payment: Transaction['payment'] = { ...tx.payment, ...flags };
  if (tx.payment.date !== null) payment.productionDate = tx.payment.date;
  const plbProvider = tx.payee.npi ?? tx.payee.taxId ?? '0000000000';
  const fiscal = `${(tx.payment.date ?? '2024-12-31').slice(0, 4)}-12-31`;
  const providerAdjustments: ProviderAdjustment[] = tx.providerAdjustments.map((p) => ({
    ...p,
    providerId: plbProvider,
    fiscalPeriodDate: fiscal,
  }));
  return {
    ...rest,
    payer,
    payee,
    payment,
    envelope: {
      usage: 'P',
      senderId: sender.slice(0, 15).trim(),
      receiverId: receiver.slice(0, 15).trim(),
      interchangeControlNumber: String(opts.interchangeControlNumber ?? 1).padStart(9, '0'),
      groupSenderId: sender,
      groupReceiverId: receiver,
      version: '005010X221A1',
    },
    claims: tx.claims.map(claim),
    providerAdjustments,
    balance: tx.balance ?? { ok: true, problems: [] },
  };
}
