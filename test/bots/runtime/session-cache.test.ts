// The encrypted session cache against the real Availity mock portal in real
// Chromium: a restarted worker resumes the portal session without logging
// in, the file on disk holds no secret in clear text, and a tampered file or a
// session the portal expired falls back to a normal login.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { availityBot } from '../../../bots/availity/index.ts';
import type { BotLogger, StepTools } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { gotoChecked, submitChecked } from '../../../bots/runtime/navigation.ts';
import { BotRunner } from '../../../bots/runtime/runner.ts';
import { SessionCache, type SessionCacheOptions } from '../../../bots/runtime/session-cache.ts';
import { SessionPool } from '../../../bots/runtime/session-pool.ts';
import { ConfigError, loadConfig } from '../../../orchestrator/platform/config.ts';
import { sessionCacheOptions } from '../../../orchestrator/platform/worker/runners.ts';
import { demoCredentials, startAvailityPortal, type AvailityTruthClaim } from '../../../mock-portals/index.ts';
import { scanned } from '../../helpers/logs.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;
const account = demoCredentials(SEED).availity;

const logLines: string[] = [];
const logger: BotLogger = scanned({
  debug: (o, m) => logLines.push(JSON.stringify([o, m])),
  info: (o, m) => logLines.push(JSON.stringify([o, m])),
  warn: (o, m) => logLines.push(JSON.stringify([o, m])),
  error: (o, m) => logLines.push(JSON.stringify([o, m])),
});
const events = () => logLines.map((l) => (JSON.parse(l) as [{ event?: string }])[0].event);

let browser: Browser;
let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
let claims: AvailityTruthClaim[];
let root: string;
let cache: SessionCacheOptions;
const runners: BotRunner[] = [];
const key = randomBytes(32);

function runner(): BotRunner {
  const r = new BotRunner({
    bot: availityBot,
    baseUrl: portal.url,
    credential: account,
    evidence: new MemorySink(),
    logger,
    browserLauncher: async () => browser,
    closeBrowser: false,
    sessionCache: cache,
    tracing: 'off',
  });
  runners.push(r);
  return r;
}

/** Runs claim-status for claims[from..from+n) and checks each against the truth. */
async function readClaims(r: BotRunner, from: number, n = 2): Promise<void> {
  for (const c of claims.slice(from, from + n)) {
    const res = await r.run(
      'claim-status',
      { claimNumber: c.claimNumber },
      { jobId: `job-${c.claimNumber}`, runId: 'run-1' },
    );
    expect(res.outcome, c.claimNumber).toBe('found');
    expect(res.data).toEqual(c.expected);
  }
}

const stateFile = () => new SessionCache(cache, logger).fileFor('availity', account.id);

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startAvailityPortal({ seed: SEED, port: 0 });
  claims = portal.truth.claims.filter((c) => c.scenario === 'paid');
  root = await mkdtemp(path.join(tmpdir(), 'pb-sessions-'));
});
afterAll(async () => {
  await Promise.allSettled(runners.map((r) => r.close()));
  await browser?.close();
  await portal?.close();
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  portal.reset();
  logLines.length = 0;
  // A fresh cache directory per test (not yet created: the cache makes it, 0700).
  cache = { dir: path.join(await mkdtemp(path.join(root, 't-')), 'sessions'), key };
});

describe('session cache: worker restart', () => {
  it('resumes the cached session with zero logins, and keeps no secret in clear text', async () => {
    const first = runner();
    await readClaims(first, 0);
    expect(portal.stats().logins).toBe(1);
    await first.close();

    const file = stateFile();
    expect(path.basename(file)).not.toContain(account.username);
    expect((await stat(cache.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(cache.dir)).toEqual([path.basename(file)]); // no temp files left behind

    // What the file protects (decrypted with the key), versus what is on disk.
    const state = await new SessionCache(cache, logger).load('availity', account.id);
    const cookies = state?.cookies ?? [];
    expect(cookies.some((c) => c.name === 'ABSESSION')).toBe(true);
    const raw = await readFile(file);
    const text = raw.toString('latin1');
    for (const secret of [account.username, account.password, account.totpSecret, ...cookies.map((c) => c.value)]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(text).not.toContain(secret);
      expect(raw.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    }

    // The "restarted worker": a new runner, same cache, other claims.
    const second = runner();
    await readClaims(second, 2);
    expect(second.stats()).toMatchObject({ logins: 0, restored: 1, sessions: 1 });
    expect(portal.stats().logins).toBe(1);
    expect(portal.stats().passwordAttempts).toBe(1);
    expect(events()).toContain('session_restored');
    // Cookies and storage state never reach the logs.
    for (const c of cookies) expect(logLines.join('\n')).not.toContain(c.value);
  }, 120_000);

  it('ignores and deletes a tampered file, then logs in normally', async () => {
    const first = runner();
    await readClaims(first, 0, 1);
    await first.close();
    const file = stateFile();
    const cookies = (await new SessionCache(cache, logger).load('availity', account.id))!.cookies;
    const before = await readFile(file);
    const flipped = Buffer.from(before);
    flipped[flipped.length - 5]! ^= 0x01;
    await writeFile(file, flipped);

    const second = runner();
    await readClaims(second, 1, 1);
    expect(second.stats()).toMatchObject({ logins: 1, restored: 0 });
    expect(portal.stats().logins).toBe(2);
    expect(events()).toContain('session_cache_invalid');
    // The warning names the credential id and a reason, never the state or the password.
    const warning = logLines.find((l) => l.includes('session_cache_invalid'))!;
    for (const secret of [account.password, ...cookies.map((c) => c.value)]) expect(warning).not.toContain(secret);
    // The new login was cached again, under a fresh IV.
    const after = await readFile(file);
    expect(after.equals(before)).toBe(false);
    expect(after.equals(flipped)).toBe(false);
  }, 120_000);

  it('falls back to a normal login when the portal expired the cached session, and rewrites the cache', async () => {
    const first = runner();
    await readClaims(first, 0, 1);
    await first.close();
    const file = stateFile();
    const oldCookie = (await new SessionCache(cache, logger).load('availity', account.id))!.cookies.find(
      (c) => c.name === 'ABSESSION',
    )!.value;

    portal.setFaults({ expireSessions: true });
    const second = runner();
    await readClaims(second, 1, 1);
    expect(second.stats()).toMatchObject({ logins: 1, restored: 0 });
    expect(portal.stats().logins).toBe(2);
    expect(events()).toContain('session_cache_rejected');
    const newCookie = (await new SessionCache(cache, logger).load('availity', account.id))!.cookies.find(
      (c) => c.name === 'ABSESSION',
    )!.value;
    expect(newCookie).not.toBe(oldCookie);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await second.close();

    // And the rewritten cache is good for the next restart.
    const third = runner();
    await readClaims(third, 2, 1);
    expect(third.stats()).toMatchObject({ logins: 0, restored: 1 });
    expect(portal.stats().logins).toBe(2);
  }, 120_000);
});

describe('session cache: retirement', () => {
  it('deletes the cached state when a session is retired for an authentication, lockout or MFA problem only', async () => {
    const sessionCache = new SessionCache(cache, logger);
    const pool = new SessionPool({
      bot: availityBot,
      logger,
      browserLauncher: async () => browser,
      closeBrowser: false,
      tracing: 'off',
      sessionCache,
    });
    const tools: StepTools = {
      baseUrl: portal.url,
      log: logger,
      capture: () => Promise.reject(new Error('no captures while logging in')),
      saveFile: () => Promise.reject(new Error('no files while logging in')),
      goto: async (page, url, pageName) => void (await gotoChecked(page, url, { pageName })),
      submit: (page, target, pageName) => submitChecked(page, target, { pageName }),
    };
    try {
      const file = sessionCache.fileFor('availity', account.id);
      for (const [reason, kept] of [
        ['session_expired', true],
        ['layout_changed', true],
        ['locked_out', false],
        ['mfa_failed', false],
        ['authentication_failed', false],
      ] as const) {
        const session = await pool.exclusive(account.id, () => pool.acquire(account, tools));
        await stat(file); // cached after the login (or still there from the last round)
        await pool.retire(session, reason);
        const exists = await stat(file).then(
          () => true,
          () => false,
        );
        expect(exists, reason).toBe(kept);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('session cache: file format', () => {
  const state = {
    cookies: [
      {
        name: 'S',
        value: 'cookie-value-123456',
        domain: '127.0.0.1',
        path: '/',
        expires: -1,
        httpOnly: true,
        secure: false,
        sameSite: 'Lax' as const,
      },
    ],
    origins: [],
  };

  it('binds a file to its credential and portal, and deletes what does not decrypt', async () => {
    const c = new SessionCache(cache, logger);
    await c.save('availity', 'cred-a', state);
    expect(await c.load('availity', 'cred-a')).toEqual(state);
    // Copied onto another credential's name: the associated data no longer matches.
    await copyFile(c.fileFor('availity', 'cred-a'), c.fileFor('availity', 'cred-b'));
    expect(await c.load('availity', 'cred-b')).toBeUndefined();
    await expect(stat(c.fileFor('availity', 'cred-b'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Another key cannot read it either.
    expect(
      await new SessionCache({ ...cache, key: randomBytes(32) }, logger).load('availity', 'cred-a'),
    ).toBeUndefined();
    await expect(stat(c.fileFor('availity', 'cred-a'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await c.load('availity', 'nobody')).toBeUndefined();
    expect(() => new SessionCache({ ...cache, key: randomBytes(16) }, logger)).toThrow(/32-byte/);
  });

  it('is configured by PORTALBOTS_SESSION_KEY', () => {
    const good = randomBytes(32).toString('base64');
    const cfg = loadConfig({ PORTALBOTS_SESSION_KEY: good, PORTALBOTS_DATA_DIR: '/var/lib/pb' });
    expect(cfg.sessionKey?.equals(Buffer.from(good, 'base64'))).toBe(true);
    expect(sessionCacheOptions(cfg)).toEqual({ dir: '/var/lib/pb/sessions', key: cfg.sessionKey });
    const none = loadConfig({});
    expect(none.sessionKey).toBeUndefined();
    expect(sessionCacheOptions(none)).toBeUndefined();
    expect(sessionCacheOptions({ sessionKey: cfg.sessionKey })).toBeUndefined(); // a partial (bench) config
    for (const bad of [randomBytes(16).toString('base64'), 'not base64 at all!!', 'x'.repeat(44)]) {
      expect(() => loadConfig({ PORTALBOTS_SESSION_KEY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ PORTALBOTS_SESSION_KEY: bad })).toThrow(/PORTALBOTS_SESSION_KEY/);
    }
  });
});
