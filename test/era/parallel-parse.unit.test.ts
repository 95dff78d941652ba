// era parse --json on worker threads: pieces cut at interchange boundaries
// must give exactly the sequential result (transactions, warnings with file
// positions), and anything that is not a clean multi-interchange file must be
// left to the sequential parser.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBoundary, parseFileParallel } from '../../x12/parallel.ts';
import { parse835Text } from '../../x12/index.ts';

const golden = (f: string) => readFileSync(new URL(`../x12/golden/${f}`, import.meta.url), 'latin1');
const dir = mkdtempSync(path.join(tmpdir(), 'era-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text, 'latin1');
  return p;
}

const decode = (pieces: Uint8Array[]) =>
  JSON.parse(`[${pieces.map((p) => Buffer.from(p).toString('utf8')).join(',')}]`);

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
    const par = await parseFileParallel(file, { minBytes: 0, pieceBytes: 4096, threads: 2 });
    expect(par).not.toBeNull();
    expect(par!.pieces.length).toBeGreaterThan(2);
    expect(par!.transactions).toBe(seq.transactions.length);
    expect(decode(par!.pieces)).toEqual(JSON.parse(JSON.stringify(seq.transactions)));
    expect(par!.warnings).toEqual(seq.warnings);
  });

  it('returns null (sequential fallback) for one interchange, small files and bad files', async () => {
    expect(
      await parseFileParallel(write('one.835', golden('01-simple-paid.835')), { minBytes: 0, pieceBytes: 256 }),
    ).toBeNull();
    expect(await parseFileParallel(write('small.835', golden('01-simple-paid.835').repeat(3)))).toBeNull();
    const bad = golden('01-simple-paid.835').repeat(10) + golden('13-error-truncated.835');
    expect(await parseFileParallel(write('bad.835', bad), { minBytes: 0, pieceBytes: 1024, threads: 2 })).toBeNull();
  });
});
