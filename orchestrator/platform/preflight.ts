// Checks, before a long-running process starts, that what it needs answers:
// PostgreSQL, Redis and (for workers) a browser. A missing service is one line
// naming the variable to set, and a non-zero exit, instead of minutes of
// reconnect stack traces or every lookup failing as `unexpected`.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import net from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { chromiumExecutablePath } from '../../bots/index.ts';
import type { Config } from './config.ts';
import { connectionSettings } from './db/connection.ts';

export class PreflightError extends Error {
  override name = 'PreflightError';
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

export async function checkPostgres(url: string, variable = 'DATABASE_URL', timeoutMs = 3000): Promise<void> {
  const client = new pg.Client({ ...connectionSettings(url), connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new PreflightError(
      `PostgreSQL at ${redactUrl(url)} is not reachable (${firstLine(e)}): start it or set ${variable}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

export async function checkRedis(url: string, variable = 'REDIS_URL', timeoutMs = 3000): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => {}); // reported below, once
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new PreflightError(
      `Redis at ${redactUrl(url)} is not reachable (${firstLine(e)}): start it or set ${variable}`,
    );
  } finally {
    redis.disconnect();
  }
}

export async function checkBrowser(config: Pick<Config, 'chromiumPath' | 'browserWsEndpoint'>): Promise<void> {
  if (config.browserWsEndpoint) {
    const u = new URL(config.browserWsEndpoint);
    const port = Number(u.port || (u.protocol === 'wss:' ? 443 : 80));
    if (!(await answers(u.hostname, port))) {
      throw new PreflightError(
        `the browser server at ${u.hostname}:${port} does not answer: start it or fix PORTALBOTS_BROWSER_WS_ENDPOINT`,
      );
    }
    return;
  }
  const exe = chromiumExecutablePath(config.chromiumPath);
  if (!exe) {
    throw new PreflightError(
      'no Chromium found (/usr/bin/chromium is missing): install it (apt-get install chromium) or set CHROMIUM_PATH',
    );
  }
  try {
    await access(exe, constants.X_OK);
  } catch {
    throw new PreflightError(`Chromium ${exe} is missing or not executable: install it or fix CHROMIUM_PATH`);
  }
}

/** What a process needs before it starts; each check fails naming its variable. */
export async function preflight(
  config: Config,
  needs: { postgres?: boolean; redis?: boolean; browser?: boolean },
): Promise<void> {
  const checks = await Promise.allSettled([
    needs.postgres ? checkPostgres(config.databaseUrl) : undefined,
    needs.redis ? checkRedis(config.redisUrl) : undefined,
    needs.browser ? checkBrowser(config) : undefined,
  ]);
  // Every missing service in one line, in a fixed order.
  const problems = checks.flatMap((c) => (c.status === 'rejected' ? [(c.reason as Error).message] : []));
  if (problems.length > 0) throw new PreflightError(problems.join('; '));
}

function answers(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message || e.name : String(e);
  return (m.split('\n')[0] ?? '').slice(0, 160) || 'no answer';
}
