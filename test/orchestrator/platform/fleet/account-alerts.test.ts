// The low-healthy-accounts alert against real PostgreSQL, Redis and a webhook
// receiver: when a worker stops an account and the portal has fewer healthy
// accounts than it needs, `accounts.low` is sent once (not at every
// evaluation), `accounts.recovered` once when a person unblocks it, and a
// password-expiry warning recorded on the credential is sent once per expiry
// day. Endpoints get only the kinds their `events` filter takes.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotError, type BotTaskResult } from '../../../../bots/index.ts';
import { parseKeyring } from '../../../../orchestrator/accounts/keyring.ts';
import { vaultSecretBox } from '../../../../orchestrator/accounts/secret-box.ts';
import { DEFAULT_ACCOUNT_POOL, queueSettingsFrom } from '../../../../orchestrator/platform/config.ts';
import { accountSummary, evaluateAccountAlerts } from '../../../../orchestrator/platform/fleet/account-alerts.ts';
import { recordWarning, registerAccounts, unblockAccount } from '../../../../orchestrator/platform/fleet/health.ts';
import { AccountLeases } from '../../../../orchestrator/platform/fleet/leases.ts';
import { PortalFleet } from '../../../../orchestrator/platform/fleet/portal-fleet.ts';
import { createLogger } from '../../../../orchestrator/platform/logging.ts';
import { startOrchestrator, type Orchestrator } from '../../../../orchestrator/platform/process.ts';
import { OpsEventMessageV1 } from '../../../../orchestrator/platform/webhooks/ops-events.ts';
import { verifySignature } from '../../../../orchestrator/platform/webhooks/sign.ts';
import { addEndpoint } from '../../../../orchestrator/platform/webhooks/store.ts';
import type { AccountCredential } from '../../../../orchestrator/platform/worker/credentials.ts';
import { createEnv, PORTAL, REDIS_URL, testBots, type Env } from '../setup.ts';

const box = vaultSecretBox(parseKeyring(`k1:${Buffer.alloc(32, 5).toString('base64')}`));
const ACCOUNTS: AccountCredential[] = [
  { id: 'acct-a', username: 'a.billing', password: 'pw-a', label: 'a.billing' },
  { id: 'acct-b', username: 'b.billing', password: 'pw-b', label: 'b.billing' },
];
// The portal's sweeps need both accounts (PORTALBOTS_PORTAL_TESTPORTAL_MIN_HEALTHY_ACCOUNTS=2).
const capacity = { minHealthyAccounts: { [PORTAL]: 2 }, sessionsPerAccount: {} };
const logger = createLogger({ level: 'silent', name: 'account-alerts-test' });

interface Received {
  path: string;
  body: string;
  event: string | undefined;
  signature: string | undefined;
  delivery: string | undefined;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });

describe('low-healthy-accounts alert', () => {
  let env: Env;
  let server: Server;
  let base: string;
  let orch: Orchestrator;
  const received: Received[] = [];

  beforeAll(async () => {
    env = await createEnv('acctalerts');
    server = createServer(async (req, res) => {
      received.push({
        path: req.url!,
        body: await readBody(req),
        event: req.headers['x-portalbots-event'] as string | undefined,
        signature: req.headers['x-portalbots-signature'] as string | undefined,
        delivery: req.headers['x-portalbots-delivery'] as string | undefined,
      });
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The pool as workers register it (without accounts the portal would be short from the start).
    await registerAccounts(
      env.db,
      PORTAL,
      ACCOUNTS.map((a) => ({ id: a.id, label: a.label! })),
    );
    orch = await startOrchestrator({
      config: {
        redisUrl: REDIS_URL,
        queuePrefix: env.prefix,
        jobAttempts: 3,
        workerConcurrency: 1,
        queues: queueSettingsFrom({}, 1),
        // The loop's own timer stays out of the way; the test runs its passes.
        accounts: {
          ...DEFAULT_ACCOUNT_POOL,
          minHealthyAccounts: capacity.minHealthyAccounts,
          alertIntervalMs: 3_600_000,
        },
      },
      db: env.db,
      logger,
      bots: testBots,
      services: { scheduler: false },
      webhookRetry: { attempts: 3, baseDelayMs: 200 },
      webhookSecrets: box,
    });
  });
  afterAll(async () => {
    await orch?.close();
    await new Promise((r) => server?.close(r));
    await env?.close();
  });

  const at = (path: string) => received.filter((r) => r.path === path);

  it('fires accounts.low once on the drop and accounts.recovered once on recovery', { timeout: 60_000 }, async () => {
    const ops = await addEndpoint(env.db, box, {
      url: `${base}/ops`,
      eventFilter: { events: ['accounts.low', 'accounts.recovered'] },
    });
    await addEndpoint(env.db, box, { url: `${base}/results-only`, eventFilter: { events: ['result'] } });
    await addEndpoint(env.db, box, { url: `${base}/other-portal`, eventFilter: { portals: ['availity'] } });
    await env.db.schedule.create({ data: { portalId: PORTAL, task: 'claim-status', cron: '0 6 * * *' } });

    // A worker whose portal reports acct-a locked: it stops the account fleet-wide and goes on with acct-b.
    const locked = new Set(['acct-a']);
    const worker = new PortalFleet({
      portal: PORTAL,
      botVersion: 'stub',
      db: env.db,
      leases: new AccountLeases(env.redis, env.prefix, 3_000, 'w1'),
      accounts: async () => ACCOUNTS.map((a) => ({ ...a })),
      makeRunner: (account) => ({
        async run(_task, input): Promise<BotTaskResult> {
          const now = new Date();
          return locked.has(account.id)
            ? {
                outcome: 'failed',
                error: new BotError('locked_out', 'The portal reports the account is locked').toJSON(),
                evidence: [],
                botVersion: 'stub',
                startedAt: now,
                finishedAt: new Date(),
              }
            : {
                outcome: 'found',
                data: input,
                evidence: [],
                botVersion: 'stub',
                startedAt: now,
                finishedAt: new Date(),
              };
        },
        stats: () => ({ logins: 1, sessions: 1 }),
        close: async () => {},
      }),
      maxSessions: 1,
      sessionsPerAccount: 1,
      waitMs: 10_000,
      idleReleaseMs: 60_000,
      logger,
      capacity,
    });
    const meta = {
      jobId: 'j',
      runId: 'r',
      evidence: { capture: async () => ({ id: 'e', sha256: '', url: '', capturedAt: '' }) },
    };
    try {
      // Both healthy: nothing to say.
      await orch.accountAlerts!.tick();
      expect(await env.db.opsEvent.count()).toBe(0);
      expect((await accountSummary(env.db, capacity, PORTAL))[0]).toMatchObject({
        healthy: 2,
        needed: 2,
        short: false,
      });
      const r = await worker.run('claim-status', { claimNumber: 'C1' }, meta);
      expect(r.outcome).toBe('found');
      // The worker evaluated at once: 1 healthy of 2 needed.
      expect(await env.db.opsEvent.findMany({ select: { type: true, portalId: true, data: true } })).toEqual([
        {
          type: 'accounts.low',
          portalId: PORTAL,
          data: { healthy: 1, needed: 2, total: 2, sessionsPerAccount: 1, capacity: 1 },
        },
      ]);
      expect((await accountSummary(env.db, capacity, PORTAL))[0]).toMatchObject({
        portal: PORTAL,
        healthy: 1,
        needed: 2,
        short: true,
      });

      // Every later evaluation (other workers, the loop) sees the same state: no second alert.
      await evaluateAccountAlerts(env.db, { ...capacity, portal: PORTAL });
      await worker.run('claim-status', { claimNumber: 'C2' }, meta);
      await orch.accountAlerts!.tick();
      await orch.accountAlerts!.tick();
      await expect.poll(() => at('/ops').length, { timeout: 15_000, interval: 50 }).toBe(1);
      const low = at('/ops')[0]!;
      expect(low.event).toBe('accounts.low');
      expect(verifySignature(ops.secret, low.body, low.signature, { deliveryId: low.delivery! })).toBe(true);
      expect(OpsEventMessageV1.parse(JSON.parse(low.body))).toMatchObject({
        event: 'accounts.low',
        portal: PORTAL,
        data: { healthy: 1, needed: 2 },
      });

      // A person fixed the account (what `credentials unblock` does): recovered, once.
      locked.clear();
      expect(await unblockAccount(env.db, PORTAL, 'acct-a')).toBe(true);
      await evaluateAccountAlerts(env.db, { ...capacity, portal: PORTAL });
      await evaluateAccountAlerts(env.db, { ...capacity, portal: PORTAL });
      await orch.accountAlerts!.tick();
      await orch.accountAlerts!.tick();
      await expect.poll(() => at('/ops').length, { timeout: 15_000, interval: 50 }).toBe(2);
      expect(at('/ops')[1]!.event).toBe('accounts.recovered');
      expect(JSON.parse(at('/ops')[1]!.body)).toMatchObject({ data: { healthy: 2, needed: 2 } });
      expect((await accountSummary(env.db, capacity, PORTAL))[0]).toMatchObject({ healthy: 2, short: false });

      // Settled: nothing more arrives, and endpoints that did not ask for these kinds got none.
      await new Promise((res) => setTimeout(res, 1_000));
      expect(at('/ops')).toHaveLength(2);
      expect(at('/results-only')).toHaveLength(0);
      expect(at('/other-portal')).toHaveLength(0);
      expect(await env.db.opsEvent.count({ where: { dispatchedAt: null } })).toBe(0);
    } finally {
      await worker.close();
    }
  });

  it('sends a password-expiry warning once per account and expiry day', { timeout: 30_000 }, async () => {
    await addEndpoint(env.db, box, {
      url: `${base}/expiry`,
      eventFilter: { events: ['credential.password_expiring'] },
    });
    const account = { portal: PORTAL, accountId: 'acct-b', label: 'b.billing' };
    // Seen at two logins the same day: one event.
    await recordWarning(env.db, { ...account, warning: 'Your password expires in 5 days.' });
    await recordWarning(env.db, { ...account, warning: 'Your password expires in 5 days.' });
    await orch.accountAlerts!.tick();
    await expect.poll(() => at('/expiry').length, { timeout: 15_000, interval: 50 }).toBe(1);
    const m = OpsEventMessageV1.parse(JSON.parse(at('/expiry')[0]!.body));
    expect(at('/expiry')[0]!.event).toBe('credential.password_expiring');
    expect(m.data).toMatchObject({
      accountId: 'acct-b',
      label: 'b.billing',
      warning: 'Your password expires in 5 days.',
    });
    const expected = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    expect(String(m.data.expiresAt).slice(0, 10)).toBe(expected);
    await new Promise((res) => setTimeout(res, 500));
    await orch.accountAlerts!.tick();
    expect(at('/expiry')).toHaveLength(1);
    // The unfiltered-by-kind ops endpoint of the first test did not take it.
    expect(at('/ops').filter((r) => r.event === 'credential.password_expiring')).toHaveLength(0);
  });
});
