// Golden 835 files with hand-computed expected JSON (test/era/golden/*.json).
// Each shape is parsed three ways (whole text, 1-byte stream chunks, 7-byte
// chunks) to prove chunk boundaries never change the result.
import { readFileSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  X12ParseError,
  parse835File,
  parse835Stream,
  parse835Text,
  type Era835Result,
  type ParseWarning,
  type Transaction,
} from '../../x12/index.ts';

const dir = new URL('./golden/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.835'))
  .sort();
const load = (f: string) => readFileSync(new URL(f, dir));
const expected = (f: string) => JSON.parse(readFileSync(new URL(f.replace(/\.835$/, '.json'), dir), 'utf8'));
const brief = (ws: ParseWarning[]) => ws.map((w) => ({ code: w.code, segment: w.segment, position: w.position }));

async function viaStream(bytes: Buffer, size: number): Promise<Era835Result> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const warnings: ParseWarning[] = [];
  const transactions: Transaction[] = [];
  for await (const tx of parse835Stream(Readable.from(chunks), { onWarning: (w) => warnings.push(w) }))
    transactions.push(tx);
  return { transactions, warnings };
}

describe('golden 835 files', () => {
  it('has at least 8 successful shapes and the error shapes', () => {
    expect(files.filter((f) => !f.includes('error')).length).toBeGreaterThanOrEqual(8);
    expect(files.filter((f) => f.includes('error')).length).toBeGreaterThanOrEqual(4);
  });

  for (const f of files.filter((x) => !x.includes('error'))) {
    it(`${f} matches its hand-computed JSON`, async () => {
      const want = expected(f);
      const got = parse835Text(load(f));
      expect(got.transactions).toEqual(want.transactions);
      expect(brief(got.warnings)).toEqual(want.warnings);
      for (const size of [1, 7]) {
        const s = await viaStream(load(f), size);
        expect(s.transactions).toEqual(want.transactions);
        expect(brief(s.warnings)).toEqual(want.warnings);
      }
      const fromFile = await parse835File(new URL(f, dir).pathname);
      expect(fromFile.transactions).toEqual(want.transactions);
    });
  }

  for (const f of files.filter((x) => x.includes('error'))) {
    it(`${f} fails with a one-line X12ParseError naming segment and position`, async () => {
      const want = expected(f).error;
      let err: unknown;
      try {
        parse835Text(load(f));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(X12ParseError);
      const x = err as X12ParseError;
      expect(x.segmentId).toBe(want.segment);
      expect(x.position).toBe(want.position);
      if (want.offset !== undefined) expect(x.offset).toBe(want.offset);
      expect(x.message).toContain(want.includes);
      expect(x.message).toContain(`segment ${want.segment} #${want.position}`);
      expect(x.message).not.toContain('\n');
      // Streaming in tiny chunks reports the same place.
      await expect(viaStream(load(f), 3)).rejects.toMatchObject({ segmentId: want.segment, position: want.position });
    });
  }
});

describe('JSON output contract', () => {
  it('prints amounts exactly to the cent', () => {
    const r = parse835Text(load('03-plb.835'));
    const json = JSON.stringify(r.transactions[0]);
    expect(json).toContain('"amount":1152.65');
    expect(json).toContain('"amount":-2.35');
    expect(json).toContain('"amount":-5.8');
  });

  it('never includes patient names from NM1', () => {
    const json = JSON.stringify(parse835Text(load('01-simple-paid.835')));
    expect(json).not.toContain('DOE');
    expect(json).not.toContain('JANE');
    expect(json).not.toContain('W123456789');
  });

  it('keeps person identifiers out of the new detail fields (NM1*QC/IL names, REF*1W member id)', () => {
    const json = JSON.stringify(parse835Text(load('21-institutional-details.835')));
    for (const phi of ['DOE', 'JANE', 'ROE', 'RITA', 'MEM123', 'MEM999', 'MEMBERX', 'MEM5', 'SMITH', 'ALAN'])
      expect(json).not.toContain(phi);
    // The rendering provider's NPI is not PHI and is what payment-to-another-NPI checks need.
    expect(json).toContain('"1992999998"');
  });

  it('signs a debit payment (BPR03 = D) and balances it against the recoupment', () => {
    const tx = parse835Text(load('17-debit.835')).transactions[0]!;
    expect(tx.payment).toMatchObject({ amount: -100, creditDebit: 'D' });
    expect(tx.balance.ok).toBe(true);
  });
});
