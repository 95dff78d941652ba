// Every public real-world 835 in ../shared/era-public (read in place; never
// copied into this repository: each keeps its own project's licence). Each
// file either parses, and then carries what the file says (checked against a
// naive second reader, test/era/reference-reader.ts), or is one of the known
// invalid files and fails with a one-line X12ParseError.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { X12ParseError, parse835File, parse835Text, type Transaction } from '../../x12/index.ts';
import { corpus, corpusFiles as files } from './corpus.ts';
import { readReference, type RefClaim, type RefTransaction } from './reference-reader.ts';

/** Invalid on purpose in their projects (SOURCES.md "Exercises"); each must fail in one line. */
const INVALID: Record<string, RegExp> = {
  errors_bad_file: /not an X12 file/,
  errors_segment_terminator: /truncated/,
  bad_header_looping: /N1 after claim detail/,
  mult_isa: /SE right after ST/,
  '835_plb_sample': /N1 after claim detail/,
  blue_cross_nc_sample: /expected an ISA segment/,
  '005010_X221-HP835-Health-Care-Claim-Payment-Advice_case_1.edi': /expected an ISA segment/,
  '005010_X221-HP835-Health-Care-Claim-Payment-Advice_case_3a.edi': /expected an ISA segment/,
};
const invalidReason = (f: string): RegExp | undefined => Object.entries(INVALID).find(([k]) => f.includes(k))?.[1];

function pick<T extends object>(o: T, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if ((o as Record<string, unknown>)[k] !== undefined) out[k] = (o as Record<string, unknown>)[k];
  return out;
}

function checkTransaction(got: Transaction, want: RefTransaction): void {
  expect(got.envelope.usage).toBe(want.usage);
  expect(got.envelope.senderId).toBe(want.senderId);
  expect(got.envelope.version).toBe(want.version);
  expect(got.payment.handlingCode).toBe(want.handlingCode);
  expect(got.payment.creditDebit).toBe(want.creditDebit);
  expect(got.payment.amount).toBe(want.creditDebit === 'D' ? -want.bprAmount : want.bprAmount);
  expect(pick(got.payment, ['traceSupplementalCode', 'productionDate'])).toEqual(
    pick(want, ['traceSupplementalCode', 'productionDate']),
  );
  expect(got.references ?? {}).toEqual(want.headerReferences);
  expect(got.claims.length).toBe(want.claims.length);
  for (const [i, c] of got.claims.entries()) checkClaim(c, want.claims[i]!);
  expect(
    got.providerAdjustments.map((p) => ({ providerId: p.providerId, fiscalPeriodDate: p.fiscalPeriodDate })),
  ).toEqual(want.plb);
}

const CLAIM_FIELDS = [
  'facilityType',
  'frequencyCode',
  'drgCode',
  'originalReferenceNumber',
  'statementFromDate',
  'statementToDate',
  'receivedDate',
];

function checkClaim(got: Transaction['claims'][number], want: RefClaim): void {
  expect(got.patientControlNumber).toBe(want.patientControlNumber);
  expect(pick(got, CLAIM_FIELDS)).toEqual(pick(want, CLAIM_FIELDS));
  expect(got.renderingProvider?.id ?? undefined).toBe(want.renderingProviderId);
  expect(got.amounts ?? {}).toEqual(want.amounts);
  expect(got.references ?? {}).toEqual(want.references);
  expect(got.serviceLines.length).toBe(want.lines.length);
  got.serviceLines.forEach((l, i) => {
    const w = want.lines[i]!;
    expect(l.revenueCode).toBe(w.revenueCode);
    expect(l.originalProcedure?.code).toBe(w.originalProcedureCode);
    expect(l.originalUnits).toBe(w.originalUnits);
    expect(l.serviceEndDate).toBe(w.serviceEndDate);
    expect(l.pharmacyRejectCodes).toEqual(w.pharmacyRejectCodes);
    expect(l.references ?? {}).toEqual(w.references);
    expect(l.amounts ?? {}).toEqual(w.amounts);
  });
}

describe.skipIf(corpus === null)('public 835 corpus (../shared/era-public, read in place)', () => {
  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  for (const f of files) {
    const reason = invalidReason(f);
    if (reason) {
      it(`${f}: rejected in one line`, () => {
        let err: unknown;
        try {
          parse835Text(readFileSync(path.join(corpus!, f)));
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(X12ParseError);
        expect((err as Error).message).toMatch(reason);
        expect((err as Error).message).not.toContain('\n');
      });
      continue;
    }
    it(`${f}: carries what the file says`, async () => {
      const text = readFileSync(path.join(corpus!, f), 'latin1');
      const want = readReference(text);
      const got = await parse835File(path.join(corpus!, f));
      expect(got.transactions.length).toBe(want.transactions.length);
      for (const [i, t] of got.transactions.entries()) checkTransaction(t, want.transactions[i]!);
      const json = JSON.stringify(got);
      for (const id of want.personIds) expect(json, `person identifier ${id} in output`).not.toContain(`"${id}"`);
    });
  }

  it('a line feed before every terminator parses like the original', () => {
    const f = files.find((x) => x.includes('835_mult_loops'))!;
    const raw = readFileSync(path.join(corpus!, f), 'latin1').replace(/[\r\n]/g, '');
    const a = parse835Text(raw);
    const b = parse835Text(raw.replaceAll('~', '\n~'));
    expect(b.transactions).toEqual(a.transactions);
  });
});

describe.skipIf(corpus !== null)('public 835 corpus', () => {
  it.skip('skipped: ../shared/era-public (with SOURCES.md) not found above this checkout', () => {});
});
