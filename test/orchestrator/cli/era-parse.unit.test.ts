// `era parse` through commander, capturing stdout/stderr.
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerEraCommands } from '../../../orchestrator/cli/commands/era-parse.ts';

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
