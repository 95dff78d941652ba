// Readers for what real remittances carry beyond the balancing core: REF,
// AMT, QTY and DTM qualifiers, provider/payer NM1s, PER*CX, MIA/MOA numbers,
// TS3/TS2 summaries. Each one fills optional contract fields (present only
// when the file sends them, so files that do not carry them look as before).
// Person identities stay out: patient and insured NM1s are never read, and
// REF qualifiers that are a member id or an SSN are dropped.
import { printableId } from './errors.ts';
import type { SegmentView } from './segment-view.ts';
import type { Fail } from './segments.ts';
import type { Contact, Party, ProviderSummary, References } from './types.ts';

/** REF qualifiers that identify a person (member id, SSN, insurance policy number): never output. */
const PERSON_ID_REFS = new Set(['1W', 'SY', 'IG', 'HJ']);

function pad2(n: number): string {
  return n < 10 ? `0${String(n)}` : String(n);
}

/** REF01 -> REF02 in `into` (created on first use); person identifiers are skipped. */
export function addReference(v: SegmentView, into: References | undefined): References | undefined {
  if (!v.has(1) || !v.has(2)) return into;
  const qualifier = v.str(1);
  if (PERSON_ID_REFS.has(qualifier)) return into;
  const out = into ?? {};
  let key = qualifier;
  for (let n = 2; out[key] !== undefined; n++) key = `${qualifier}#${String(n)}`;
  out[key] = v.str(2);
  return out;
}

/** AMT01 -> AMT02 in `into` (created on first use); a malformed amount fails the file: it is money. */
export function addAmount(
  v: SegmentView,
  into: Record<string, number> | undefined,
  fail: Fail,
): Record<string, number> | undefined {
  if (!v.has(1)) fail('AMT01 amount qualifier is required but empty');
  const c = v.cents(2);
  if (Number.isNaN(c)) fail(`AMT02 "${printableId(v.str(2), 20)}" is not a monetary amount`);
  const out = into ?? {};
  out[v.str(1)] = c / 100;
  return out;
}

/** QTY01 -> QTY02 in `into` (created on first use). */
export function addQuantity(
  v: SegmentView,
  into: Record<string, number> | undefined,
  fail: Fail,
): Record<string, number> | undefined {
  if (!v.has(1)) fail('QTY01 quantity qualifier is required but empty');
  const q = v.decimal(2);
  if (Number.isNaN(q)) fail(`QTY02 "${printableId(v.str(2), 20)}" is not a number`);
  const out = into ?? {};
  out[v.str(1)] = q;
  return out;
}

/** Numeric elements of MIA / MOA (the remark-code elements are read elsewhere). */
export const MIA_NUMBERS = [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 24] as const;
export const MOA_NUMBERS = [1, 2, 8, 9] as const;

/** The listed numeric elements by their X12 reference (MIA01, ...); undefined when none is sent. */
export function readNumbers(
  v: SegmentView,
  id: string,
  indexes: readonly number[],
  fail: Fail,
): Record<string, number> | undefined {
  let out: Record<string, number> | undefined;
  for (const i of indexes) {
    if (!v.has(i)) continue;
    const n = v.decimal(i);
    if (Number.isNaN(n)) fail(`${id}${pad2(i)} "${printableId(v.str(i), 20)}" is not a number`);
    out ??= {};
    out[`${id}${pad2(i)}`] = n;
  }
  return out;
}

/** NM1 of a provider or payer: NM108/NM109, and the NM103 name unless it is a person's. */
export function readParty(v: SegmentView, withName: boolean): Party {
  const p: Party = { idQualifier: v.opt(8), id: v.opt(9) };
  if (withName && v.has(3)) p.name = v.str(3);
  return p;
}

/** PER*CX: contact name and up to three communication numbers. */
export function readContact(v: SegmentView): Contact {
  const numbers: Contact['numbers'] = [];
  for (let i = 3; i <= 7; i += 2)
    if (v.has(i) && v.has(i + 1)) numbers.push({ qualifier: v.str(i), value: v.str(i + 1) });
  return { name: v.opt(2), numbers };
}

export function readTs3(v: SegmentView, lxNumber: string | null, fail: Fail): ProviderSummary {
  if (!v.has(1)) fail('TS301 provider identifier is required but empty');
  let claimCount: number | null = null;
  if (v.has(4)) {
    claimCount = v.decimal(4);
    if (Number.isNaN(claimCount)) fail(`TS304 "${printableId(v.str(4), 20)}" is not a number`);
  }
  let total: number | null = null;
  if (v.has(5)) {
    const c = v.cents(5);
    if (Number.isNaN(c)) fail(`TS305 "${printableId(v.str(5), 20)}" is not a monetary amount`);
    total = c / 100;
  }
  const amounts: Record<string, number> = {};
  for (let i = 6; i < v.count; i++) {
    if (!v.has(i)) continue;
    const n = v.decimal(i);
    if (Number.isNaN(n)) fail(`TS3${pad2(i)} "${printableId(v.str(i), 20)}" is not a number`);
    amounts[`TS3${pad2(i)}`] = n;
  }
  return {
    lxNumber,
    providerId: v.str(1),
    facilityType: v.str(2),
    fiscalPeriodDate: v.date(3),
    claimCount,
    totalChargeAmount: total,
    amounts,
  };
}

/** TS2 amounts go into the summary of the TS3 they follow. */
export function readTs2(v: SegmentView, summary: ProviderSummary, fail: Fail): void {
  for (let i = 1; i < v.count; i++) {
    if (!v.has(i)) continue;
    const n = v.decimal(i);
    if (Number.isNaN(n)) fail(`TS2${pad2(i)} "${printableId(v.str(i), 20)}" is not a number`);
    summary.amounts[`TS2${pad2(i)}`] = n;
  }
}
