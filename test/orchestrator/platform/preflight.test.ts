// Long-running commands check their services first: a missing PostgreSQL,
// Redis or Chromium is one line naming the variable to set and a non-zero
// exit, never reconnect stack traces or lookups failing one by one.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  checkBrowser,
  checkPostgres,
  checkRedis,
  PreflightError,
  preflight,
  redactUrl,
} from '../../../orchestrator/platform/preflight.ts';

const CLOSED = 'redis://127.0.0.1:1';

function cli(args: string[], env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ['bin/portalbots.mjs', ...args], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('preflight', () => {
  it('names the variable of each missing service', async () => {
    await expect(checkRedis(CLOSED)).rejects.toThrow(
      /^Redis at redis:\/\/127\.0\.0\.1:1 is not reachable \(.+\): start it or set REDIS_URL$/,
    );
    await expect(checkPostgres('postgresql://u:secret@127.0.0.1:1/x')).rejects.toThrow(
      /^PostgreSQL at postgresql:\/\/127\.0\.0\.1:1\/x is not reachable \(.+\): start it or set DATABASE_URL$/,
    );
    await expect(checkBrowser({ chromiumPath: '/nonexistent/chromium', browserWsEndpoint: undefined })).rejects.toThrow(
      /fix CHROMIUM_PATH$/,
    );
    await expect(checkBrowser({ chromiumPath: undefined, browserWsEndpoint: 'ws://127.0.0.1:1/x' })).rejects.toThrow(
      /fix PORTALBOTS_BROWSER_WS_ENDPOINT$/,
    );
    await expect(checkRedis(CLOSED)).rejects.toBeInstanceOf(PreflightError);
  });

  it('reports every missing service in the one line', async () => {
    const config = {
      databaseUrl: 'postgresql://postgres@127.0.0.1:1/x',
      redisUrl: CLOSED,
      chromiumPath: undefined,
      browserWsEndpoint: undefined,
    };
    await expect(preflight(config as never, { postgres: true, redis: true })).rejects.toThrow(
      /^PostgreSQL .* set DATABASE_URL; Redis .* set REDIS_URL$/,
    );
  });

  it('never prints a password', () => {
    expect(redactUrl('postgresql://postgres:hunter2@db:5432/pb?schema=x')).toBe('postgresql://db:5432/pb');
  });

  it('worker and demo stop in one line, non-zero, when Redis is down', { timeout: 120_000 }, () => {
    for (const args of [['worker'], ['demo', '--exit']]) {
      const r = cli(args, {
        REDIS_URL: CLOSED,
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
        PORTALBOTS_CREDENTIALS_FILE: '/dev/null',
      });
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(
        /^portalbots: Redis at redis:\/\/127\.0\.0\.1:1 is not reachable \(.+\): start it or set REDIS_URL\n$/,
      );
    }
  });

  it('the worker stops in one line when Chromium is missing', { timeout: 60_000 }, () => {
    const r = cli(['worker'], {
      CHROMIUM_PATH: '/nonexistent/chromium',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      PORTALBOTS_CREDENTIALS_FILE: '/dev/null',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /^portalbots: Chromium \/nonexistent\/chromium is missing or not executable: install it or fix CHROMIUM_PATH\n$/,
    );
  });
});
