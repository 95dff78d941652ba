// era parse --json on worker threads: pieces cut at interchange boundaries
// must give exactly the sequential result (transactions, warnings with file
// positions), and anything that is not a clean multi-interchange file must be
// left to the sequential parser.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBoundary, parseFileParallel } from '../../x12/parallel.ts';
import { X12ParseError, parse835Text } from '../../x12/index.ts';

const golden = (f: string) => readFileSync(new URL(`../x12/golden/${f}`, import.meta.url), 'latin1');
const dir = mkdtempSync(path.join(tmpdir(), 'era-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text, 'latin1');
  return p;
}

async function collect(file: string, opts: Parameters<typeof parseFileParallel>[2]) {
  const chunks: Uint8Array[] = [];
  const summary = await parseFileParallel(file, (b) => chunks.push(b), opts);
  const text = chunks.map((c) => Buffer.from(c).toString('utf8')).join('');
  return { summary, chunks, transactions: text.length > 0 ? JSON.parse(`[${text.slice(1)}]`) : [] };
}

describe('parallel era parse', () => {
  it('finds an interchange boundary after IEA with ~, LF or CRLF terminators', () => {
    for (const s of [
      'SE*2*1~GE*1*1~IEA*1*000000001~ISA*00',
      'GE*1*1\nIEA*1*000000001\nISA*00',
      'GE*1*1~\r\nIEA*1*000000001~\r\nISA*00',
    ])
      expect(findBoundary(Buffer.from(s))).toBe(s.indexOf('ISA*00'));
    expect(findBoundary(Buffer.from('NM1*QC*1*ISA*JOHN~CLP*1'))).toBe(-1);
  });

  it('matches the sequential parse, warnings at file positions, for many interchanges of mixed styles', async () => {
    const parts = [
      '01-simple-paid.835',
      '10-se-count-wrong.835',
      '09-newline-terminator-and-delimiter-switch.835',
      '08-pipe-crlf.835',
      '19-mixed-set.835',
    ];
    const text = Array.from({ length: 40 }, (_, i) => golden(parts[i % parts.length]!)).join('');
    const file = write('many.835', text);
    const seq = parse835Text(Buffer.from(text, 'latin1'));
    const par = await collect(file, { minBytes: 0, pieceBytes: 4096, threads: 2 });
    expect(par.summary).not.toBeNull();
    expect(par.chunks.length).toBeGreaterThan(2);
    expect(par.summary!.transactions).toBe(seq.transactions.length);
    expect(par.transactions).toEqual(JSON.parse(JSON.stringify(seq.transactions)));
    expect(par.summary!.warnings).toEqual(seq.warnings);
  });

  it('writes nothing and returns null for one interchange or a small file', async () => {
    for (const [name, text, opts] of [
      ['one.835', golden('01-simple-paid.835'), { minBytes: 0, pieceBytes: 256 }],
      ['small.835', golden('01-simple-paid.835').repeat(3), {}],
    ] as const) {
      const r = await collect(write(name, text), opts);
      expect(r.summary).toBeNull();
      expect(r.chunks).toEqual([]);
    }
  });

  it('a bad file fails with the error a sequential parse gives (same segment, position, offset)', async () => {
    const bad = golden('01-simple-paid.835').repeat(10) + golden('13-error-truncated.835');
    let seq: unknown;
    try {
      parse835Text(Buffer.from(bad, 'latin1'));
    } catch (e) {
      seq = e;
    }
    expect(seq).toBeInstanceOf(X12ParseError);
    await expect(collect(write('bad.835', bad), { minBytes: 0, pieceBytes: 1024, threads: 2 })).rejects.toMatchObject({
      message: (seq as Error).message,
    });
  });

  it('a file of non-835 sets only fails as in one pass; one piece of them among 835s is skipped', async () => {
    const only = golden('15-error-not-835.835').repeat(8);
    let seq: unknown;
    try {
      parse835Text(Buffer.from(only, 'latin1'));
    } catch (e) {
      seq = e;
    }
    await expect(collect(write('only.835', only), { minBytes: 0, pieceBytes: 512, threads: 2 })).rejects.toMatchObject({
      message: (seq as Error).message,
    });
    const mixed = golden('15-error-not-835.835').repeat(4) + golden('01-simple-paid.835').repeat(4);
    const r = await collect(write('mixed.835', mixed), { minBytes: 0, pieceBytes: 512, threads: 2 });
    expect(r.summary!.transactions).toBe(4);
    expect(r.summary!.warnings).toEqual(parse835Text(Buffer.from(mixed, 'latin1')).warnings);
  });
});
