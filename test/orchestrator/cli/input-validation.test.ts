// Bad input at the CLI ends in one line naming the field, a non-zero exit,
// and no stack trace, before anything touches Redis or PostgreSQL.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/portalbots.mjs', ...args], {
    encoding: 'utf8',
    // Unreachable services prove validation happens before any connection.
    env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' },
    timeout: 30_000,
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('portalbots CLI input validation', () => {
  it('rejects a malformed claim number, naming the field', () => {
    const r = cli('run', 'availity', 'claim-status', '--claim', 'AET1234567', 'bad#claim');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^portalbots: --claim "bad#claim": must be 5-30 letters, digits or dashes\n$/);
  });

  it('rejects an unknown portal and an unsupported task', () => {
    const portal = cli('run', 'nosuchportal', 'claim-status', '--claim', 'AET1234567');
    expect(portal.code).toBe(2);
    expect(portal.stderr).toMatch(/portal: unknown portal "nosuchportal"/);
    const task = cli('run', 'availity', 'fly-to-moon', '--claim', 'AET1234567');
    expect(task.code).toBe(2);
    expect(task.stderr).toMatch(/task: "fly-to-moon" is not one of/);
  });

  it('rejects a bad environment variable, naming it', () => {
    const r = spawnSync(process.execPath, ['bin/portalbots.mjs', 'db', 'migrate'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'mysql://x@y/z' },
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Invalid environment variable DATABASE_URL/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('requires --claim', () => {
    const r = cli('run', 'availity', 'claim-status');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--claim: at least one claim number is required/);
  });
});
