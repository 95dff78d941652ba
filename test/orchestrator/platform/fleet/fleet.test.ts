// The credential pool against real Redis and PostgreSQL: leases are
// exclusive fleet-wide and come back after a SIGKILLed holder's TTL; account
// health written by one worker stops the account for every other worker; a
// job whose account reports an expired password goes on with another account.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotError, type BotTaskResult, type TaskName } from '../../../../bots/index.ts';
import type { Db } from '../../../../orchestrator/platform/db/client.ts';
import { createDb } from '../../../../orchestrator/platform/db/client.ts';
import { listAccountHealth, unblockAccount } from '../../../../orchestrator/platform/fleet/health.ts';
import { AccountLeases } from '../../../../orchestrator/platform/fleet/leases.ts';
import { PortalFleet } from '../../../../orchestrator/platform/fleet/portal-fleet.ts';
import type { AccountCredential } from '../../../../orchestrator/platform/worker/credentials.ts';
import type { BotRunnerLike } from '../../../../orchestrator/platform/worker/runners.ts';
import { createRedis } from '../../../../orchestrator/platform/queue/connection.ts';
import { createLogger } from '../../../../orchestrator/platform/logging.ts';
import { createTestSchema, type TestDatabase } from '../../../helpers/database.ts';
import { REDIS_URL } from '../../../helpers/harness.ts';

const ACCOUNTS: AccountCredential[] = [
  { id: 'acct-a', username: 'a.billing', password: 'pw-a', label: 'a.billing' },
  { id: 'acct-b', username: 'b.billing', password: 'pw-b', label: 'b.billing' },
];

let database: TestDatabase;
let db: Db;
let redis: Redis;
const prefix = `test-fleet-${randomBytes(4).toString('hex')}`;
const children: ChildProcess[] = [];
const logger = createLogger({ level: 'silent', name: 'fleet-test' });

beforeAll(async () => {
  database = await createTestSchema('fleet');
  db = createDb(database.url);
  redis = createRedis(REDIS_URL, 'producer');
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await db.$disconnect();
  await database.drop();
});

/** A bot runner stand-in: records which account ran what; `fail` decides an account's error. */
function stubRunners(log: string[], fail: (account: AccountCredential) => BotError | undefined) {
  const live = new Map<string, number>();
  return (account: AccountCredential): BotRunnerLike => ({
    async run(_task: TaskName, input: unknown): Promise<BotTaskResult> {
      const now = new Date();
      // Never two sessions on one account at once, across every stub.
      live.set(account.id, (live.get(account.id) ?? 0) + 1);
      if (live.get(account.id)! > 1) throw new Error(`two sessions on ${account.id}`);
      await new Promise((r) => setTimeout(r, 20));
      live.set(account.id, live.get(account.id)! - 1);
      log.push(account.id);
      const err = fail(account);
      return err
        ? {
            outcome: 'failed',
            error: err.toJSON(),
            evidence: [],
            botVersion: 'stub',
            startedAt: now,
            finishedAt: new Date(),
          }
        : { outcome: 'found', data: input, evidence: [], botVersion: 'stub', startedAt: now, finishedAt: new Date() };
    },
    stats: () => ({ logins: 1, sessions: 1 }),
    close: async () => {},
  });
}

function fleet(
  leases: AccountLeases,
  makeRunner: (a: AccountCredential) => BotRunnerLike,
  portal: string,
  over: Partial<ConstructorParameters<typeof PortalFleet>[0]> = {},
) {
  return new PortalFleet({
    portal,
    botVersion: 'stub',
    db,
    leases,
    accounts: async () => ACCOUNTS.map((a) => ({ ...a })),
    makeRunner,
    maxSessions: 2,
    sessionsPerAccount: 1,
    waitMs: 30_000,
    idleReleaseMs: 60_000,
    logger,
    ...over,
  });
}

const meta = {
  jobId: 'j',
  runId: 'r',
  evidence: { capture: async () => ({ id: 'e', sha256: '', url: '', capturedAt: '' }) },
};

describe('account leases', () => {
  it('are exclusive, renew only for their holder and free on release', async () => {
    const one = new AccountLeases(redis, prefix, 5_000, 'one');
    const two = new AccountLeases(redis, prefix, 5_000, 'two');
    const lease = await one.tryAcquire('p1', 'acct');
    expect(lease).not.toBeNull();
    expect(await two.tryAcquire('p1', 'acct')).toBeNull();
    // A second session slot exists only when the portal allows two sessions per account.
    expect((await two.tryAcquire('p1', 'acct', 2))?.slot).toBe(1);
    expect(await lease!.renew()).toBe(true);
    await lease!.release();
    const taken = await two.tryAcquire('p1', 'acct');
    expect(taken).not.toBeNull();
    // The old holder can neither renew nor release what is now someone else's.
    expect(await lease!.renew()).toBe(false);
    await lease!.release();
    expect(await two.holder('p1', 'acct')).toBe('two');
  });

  it('comes back within the TTL after its holder is SIGKILLed, and not before', { timeout: 60_000 }, async () => {
    const ttl = 1_500;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'lease-holder.ts'),
        REDIS_URL,
        prefix,
        'p2',
        'acct',
        String(ttl),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += String(c)));
    await expect.poll(() => out, { timeout: 30_000, interval: 50 }).toMatch(/^leased /);
    const me = new AccountLeases(redis, prefix, ttl, 'survivor');
    // Held across several TTLs while the holder's heartbeat runs.
    for (let i = 0; i < 6; i++) {
      expect(await me.tryAcquire('p2', 'acct')).toBeNull();
      await new Promise((r) => setTimeout(r, ttl / 2));
    }
    child.kill('SIGKILL');
    const killedAt = Date.now();
    let lease = null;
    while (!lease && Date.now() - killedAt < ttl * 4) {
      lease = await me.tryAcquire('p2', 'acct');
      if (!lease) await new Promise((r) => setTimeout(r, 50));
    }
    expect(lease).not.toBeNull();
    expect(Date.now() - killedAt).toBeLessThanOrEqual(ttl + 500);
    expect(await me.holder('p2', 'acct')).toBe('survivor');
  });
});

describe('the credential pool', () => {
  it('spreads accounts over workers and never runs two sessions on one account', async () => {
    const used: string[] = [];
    const make = stubRunners(used, () => undefined);
    const w1 = fleet(new AccountLeases(redis, prefix, 3_000, 'w1'), make, 'spread');
    const w2 = fleet(new AccountLeases(redis, prefix, 3_000, 'w2'), make, 'spread');
    try {
      await new Promise((r) => setTimeout(r, 200)); // both count as live workers
      const jobs = Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? w1 : w2).run('claim-status', { claimNumber: `C${i}` }, meta),
      );
      const results = await Promise.all(jobs);
      expect(results.every((r) => r.outcome === 'found')).toBe(true);
      // Each worker holds its fair share: one account each, for the whole sweep.
      expect(w1.heldAccounts()).toHaveLength(1);
      expect(w2.heldAccounts()).toHaveLength(1);
      expect(new Set([...w1.heldAccounts(), ...w2.heldAccounts()]).size).toBe(2);
    } finally {
      await w1.close();
      await w2.close();
    }
  });

  it('stops an account for every worker at once and goes on with another account', async () => {
    const used: string[] = [];
    const expired = new Set<string>();
    const make = stubRunners(used, (a) =>
      expired.has(a.id)
        ? new BotError('password_expired', 'The portal requires a new password', { evidenceId: 'ev-1' })
        : undefined,
    );
    const stopped: string[] = [];
    // Two sessions per account: both workers start on acct-a (the first of the pool).
    const over = { maxSessions: 1, sessionsPerAccount: 2 };
    const w1 = fleet(new AccountLeases(redis, prefix, 3_000, 'h1'), make, 'health', {
      ...over,
      onAccountStopped: (_p, id, status) => stopped.push(`${id}:${status}`),
    });
    const w2 = fleet(new AccountLeases(redis, prefix, 3_000, 'h2'), make, 'health', over);
    try {
      await w1.run('claim-status', { claimNumber: 'A' }, meta);
      await w2.run('claim-status', { claimNumber: 'B' }, meta);
      expect(w1.heldAccounts()).toEqual(['acct-a']);
      expect(w2.heldAccounts()).toEqual(['acct-a']);

      // The portal now says acct-a's password expired; w1 sees it first.
      expired.add('acct-a');
      used.length = 0;
      const r1 = await w1.run('claim-status', { claimNumber: 'C' }, meta);
      expect(r1.outcome).toBe('found');
      expect(used).toEqual(['acct-a', 'acct-b']);
      expect(stopped).toEqual(['acct-a:password_expired']);
      const rows = await listAccountHealth(db, 'health');
      expect(rows.find((r) => r.accountId === 'acct-a')).toMatchObject({
        status: 'password_expired',
        label: 'a.billing',
        evidenceId: 'ev-1',
      });
      expect(rows.find((r) => r.accountId === 'acct-b')?.status).toBe('active');

      // w2 still holds a session on acct-a, but never uses it again: the shared row stops it.
      used.length = 0;
      const r2 = await w2.run('claim-status', { claimNumber: 'D' }, meta);
      expect(r2.outcome).toBe('found');
      expect(used).toEqual(['acct-b']);
      expect(w2.heldAccounts()).toEqual(['acct-b']);

      // A person fixed it: back in the pool.
      expired.clear();
      expect(await unblockAccount(db, 'health', 'acct-a')).toBe(true);
      expect((await listAccountHealth(db, 'health')).every((r) => r.status === 'active')).toBe(true);
    } finally {
      await w1.close();
      await w2.close();
    }
  });

  it('ends the job with the account class when no account is left', async () => {
    const make = stubRunners([], () => new BotError('locked_out', 'The portal reports the account is locked'));
    const w = fleet(new AccountLeases(redis, prefix, 3_000, 'l1'), make, 'locked');
    try {
      const r = await w.run('claim-status', { claimNumber: 'L' }, meta);
      expect(r.outcome).toBe('failed');
      expect(r.error?.class).toBe('locked_out');
      expect((await listAccountHealth(db, 'locked')).map((x) => x.status)).toEqual(['locked', 'locked']);
      // The next job does not even try: every account is stopped.
      const again = await w.run('claim-status', { claimNumber: 'L2' }, meta);
      expect(again.error?.class).toBe('locked_out');
      expect(again.error?.message).toMatch(/no usable locked account/);
    } finally {
      await w.close();
    }
  });

  it('puts a job back (accounts_busy) when every account is leased elsewhere', async () => {
    const other = new AccountLeases(redis, prefix, 10_000, 'holder');
    const held = await Promise.all(ACCOUNTS.map((a) => other.tryAcquire('busy', a.id)));
    const w = fleet(
      new AccountLeases(redis, prefix, 3_000, 'b1'),
      stubRunners([], () => undefined),
      'busy',
      {
        waitMs: 600,
      },
    );
    try {
      const r = await w.run('claim-status', { claimNumber: 'B' }, meta);
      expect(r.error?.class).toBe('accounts_busy');
      expect(r.error?.retryable).toBe(true);
      await held[0]!.release();
      expect((await w.run('claim-status', { claimNumber: 'B' }, meta)).outcome).toBe('found');
    } finally {
      await w.close();
      for (const l of held) await l?.release();
    }
  });
});
