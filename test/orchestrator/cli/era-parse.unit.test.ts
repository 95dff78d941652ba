// `era parse` through commander, capturing stdout/stderr.
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerEraCommands } from '../../../orchestrator/cli/commands/era-parse.ts';
import { parse835File } from '../../../x12/index.ts';

const golden = (f: string) => new URL(`../../x12/golden/${f}`, import.meta.url).pathname;

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    const program = new Command('portalbots').exitOverride();
    registerEraCommands(program);
    await program.parseAsync(['node', 'portalbots', 'era', 'parse', ...args]);
    return { out, err, code: process.exitCode ?? 0 };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = before;
  }
}

describe('portalbots era parse', () => {
  afterEach(() => vi.restoreAllMocks());

  it('--json prints exactly the contract', async () => {
    const r = await run(golden('03-plb.835'), '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(Object.keys(body)).toEqual(['transactions']);
    expect(body.transactions[0].payment).toEqual({
      amount: 1152.65,
      creditDebit: 'C',
      handlingCode: 'I',
      method: 'ACH',
      date: '2024-03-10',
      traceNumber: 'EFT3001',
    });
  });

  it('--json is compact and --pretty indented, both exactly the parse result, for every golden file', async () => {
    for (const f of ['01-simple-paid.835', '02-multi-envelope.835', '10-se-count-wrong.835', '19-mixed-set.835']) {
      const r = await parse835File(golden(f));
      const body = r.warnings.length > 0 ? r : { transactions: r.transactions };
      expect((await run(golden(f), '--json')).out).toBe(`${JSON.stringify(body)}\n`);
      expect((await run(golden(f), '--pretty')).out).toBe(`${JSON.stringify(body, null, 2)}\n`);
      expect((await run(golden(f), '--json', '--pretty')).out).toBe(`${JSON.stringify(body, null, 2)}\n`);
    }
  });

  it('--ndjson prints one transaction per line, warnings as {"warning":...} lines', async () => {
    const r = await run(golden('10-se-count-wrong.835'), '--ndjson');
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const parsed = await parse835File(golden('10-se-count-wrong.835'));
    expect(lines.filter((l) => !('warning' in l))).toEqual(parsed.transactions);
    expect(lines.filter((l) => 'warning' in l).map((l) => l.warning)).toEqual(parsed.warnings);
    expect(r.out.endsWith('\n')).toBe(true);
  });

  it('--json on a bad file prints nothing on stdout and one line on stderr', async () => {
    const r = await run(golden('13-error-truncated.835'), '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('--json includes warnings when there are some', async () => {
    const r = await run(golden('10-se-count-wrong.835'), '--json');
    expect(JSON.parse(r.out).warnings.map((w: { code: string }) => w.code)).toEqual(['SE_COUNT', 'GE_CONTROL']);
  });

  it('prints a summary table without --json', async () => {
    const r = await run(golden('06-svc-six-cas.835'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Transaction 6001');
    expect(r.out).toContain('CO-45');
    expect(r.out).toContain('balance OK');
  });

  it('bad input: one line on stderr, non-zero exit, no stack', async () => {
    for (const f of [golden('13-error-truncated.835'), golden('12-error-no-isa.835'), '/nonexistent/file.835']) {
      const r = await run(f);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^portalbots: era parse /);
      expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    }
    expect((await run(golden('13-error-truncated.835'))).err).toContain('segment CLP #17');
  });
});
