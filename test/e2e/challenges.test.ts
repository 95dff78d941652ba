// The challenge queue end to end: a worker's login on a portal that sends a
// one-time code by SMS parks and asks a person; the challenge is listed by
// GET /api/v1/challenges with the page the bot saw, a person posts the code
// (POST /api/v1/challenges/:id) and the same login goes on and the job
// succeeds. Unanswered, the challenge expires, the job ends needs_human and
// the account is neither locked on the portal nor stopped in the fleet. A
// password expiry warning is recorded on the account's shared health. A vault
// account whose password expired answers the code first, through the same
// queue, and only then rotates its password in the vault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import { availityAccounts } from '../../mock-portals/availity/data.ts';
import { demoCredentials, startAvailityPortal } from '../../mock-portals/index.ts';
import { generateKeyEntry, parseKeyring } from '../../orchestrator/accounts/keyring.ts';
import {
  credentialProviderFromDb,
  pendingPassword,
  readCredential,
  saveCredential,
} from '../../orchestrator/accounts/vault.ts';
import { listAccountHealth } from '../../orchestrator/platform/fleet/health.ts';
import { expiringPasswords } from '../../orchestrator/platform/fleet/password-expiry.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { createApiKey } from '../../orchestrator/web/api/auth/keys.ts';
import { buildApiServer, type ApiApp } from '../../orchestrator/web/api/server.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 4711;

describe('challenge queue', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let h: Harness;
  let app: ApiApp;
  const keys = { ops: '', billing: '' };
  const account = demoCredentials(SEED).availity;

  const api = async (method: 'GET' | 'POST', url: string, key: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
  const pending = async () =>
    (
      (await api('GET', '/api/v1/challenges?status=pending', keys.ops)).json() as {
        challenges: { id: string; kind: string; prompt: string; credentialId: string; hasScreenshot: boolean }[];
      }
    ).challenges;

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED, faults: { otpChannel: 'sms' } });
    h = await createHarness('challenges', { availity: portal.url });
    const logs = captureLogs('silent');
    app = await buildApiServer(
      { config: h.config, db: h.db, logger: logs.logger, queues: h.queues, bots, evidence: h.evidence },
      { dashboard: false },
    );
    await app.ready();
    keys.ops = (await createApiKey(h.db, { role: 'ops', name: 'ops' })).key;
    keys.billing = (await createApiKey(h.db, { role: 'billing', name: 'billing' })).key;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await h?.close();
    await portal?.close();
  });

  it('parks the login until a person posts the code, then the job succeeds', { timeout: 120_000 }, async () => {
    const claim = portal.truth.claims[0]!;
    const run = await h.submit('availity', 'claim-status', [claim.claimNumber]);
    const worker = await h.startWorker({ credentials: { availity: account }, logger: captureLogs('silent').logger });
    try {
      await expect.poll(async () => (await pending()).length, { timeout: 60_000, interval: 300 }).toBe(1);
      const [c] = await pending();
      expect(c).toMatchObject({ kind: 'otp_sms', credentialId: account.id, hasScreenshot: true });
      expect(c!.prompt).toMatch(/text message/);
      const shot = await api('GET', `/api/v1/challenges/${c!.id}/screenshot`, keys.ops);
      expect(shot.statusCode).toBe(200);
      expect(shot.headers['content-type']).toBe('image/png');
      expect(shot.rawPayload.subarray(1, 4).toString()).toBe('PNG');

      // The person reads the code the portal sent to their phone.
      const outbox = (await (
        await fetch(`${portal.url}/__admin/outbox?username=${encodeURIComponent(account.username)}`)
      ).json()) as { messages: { code: string }[] };
      const code = outbox.messages.at(-1)!.code;
      // Role-checked like every API route: billing may not answer.
      expect((await api('POST', `/api/v1/challenges/${c!.id}`, keys.billing, { answer: code })).statusCode).toBe(403);
      expect((await api('POST', `/api/v1/challenges/${c!.id}`, keys.ops, {})).statusCode).toBe(400);
      const answered = await api('POST', `/api/v1/challenges/${c!.id}`, keys.ops, { answer: code });
      expect(answered.statusCode).toBe(200);
      expect(answered.json()).toMatchObject({ status: 'answered' });
      expect(answered.json().answeredBy).toMatch(/^ops \(/);

      const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 60_000 });
      expect(row?.outcome).toBe('found');
      // One sign-in: the parked session went on; the answer is not kept once the bot took it.
      expect(portal.stats().logins).toBe(1);
      const stored = await h.db.challenge.findUniqueOrThrow({ where: { id: c!.id } });
      expect(stored.answer).toBeNull();
      // A second answer to the same challenge is refused.
      expect((await api('POST', `/api/v1/challenges/${c!.id}`, keys.ops, { answer: code })).statusCode).toBe(409);
    } finally {
      await worker.close();
    }
  });

  it('expires an unanswered challenge: the job ends needs_human, the account stays usable', {
    timeout: 120_000,
  }, async () => {
    portal.reset();
    portal.setFaults({ otpChannel: 'sms' });
    h.config.hurdles = { challengeTimeoutMs: 2_000, maintenanceRetryMs: 60_000 };
    const claim = portal.truth.claims[1]!;
    const run = await h.submit('availity', 'claim-status', [claim.claimNumber]);
    const worker = await h.startWorker({ credentials: { availity: account }, logger: captureLogs('silent').logger });
    try {
      const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 90_000 });
      expect(row?.outcome).toBe('failed');
      expect(row?.errorClass).toBe('needs_human');
      const list = (await api('GET', '/api/v1/challenges?status=expired', keys.ops)).json() as {
        challenges: { id: string }[];
      };
      expect(list.challenges).toHaveLength(1);
      expect(
        (await api('POST', `/api/v1/challenges/${list.challenges[0]!.id}`, keys.ops, { answer: '123456' })).statusCode,
      ).toBe(409);
      const health = (await listAccountHealth(h.db, 'availity')).find((a) => a.accountId === account.id);
      expect(health?.status ?? 'active').toBe('active');
      expect(portal.stats().lockouts).toBe(0);
      expect(portal.stats().failedMfa).toBe(0);
    } finally {
      await worker.close();
    }
  });

  it('records a password expiry warning on the shared account health and the job goes on', {
    timeout: 120_000,
  }, async () => {
    portal.reset();
    portal.setFaults({ otpChannel: '', passwordExpiresInDays: `${account.username}:5` });
    const claim = portal.truth.claims[2]!;
    const run = await h.submit('availity', 'claim-status', [claim.claimNumber]);
    const worker = await h.startWorker({ credentials: { availity: account }, logger: captureLogs('silent').logger });
    try {
      const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 90_000 });
      expect(row?.outcome).toBe('found');
    } finally {
      await worker.close();
    }
    const res = await api('GET', '/api/v1/credentials?portal=availity', keys.ops);
    const health = (
      res.json() as { accounts: { accountId: string; status: string; warning: string; passwordExpiresAt: string }[] }
    ).accounts.find((a) => a.accountId === account.id);
    expect(health).toMatchObject({ status: 'active', warning: expect.stringMatching(/expires in 5 days/) });
    const days = (Date.parse(health!.passwordExpiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(4.5);
    expect(days).toBeLessThanOrEqual(5);
    expect((await expiringPasswords(h.db, 7)).map((a) => a.accountId)).toEqual([account.id]);
    expect(await expiringPasswords(h.db, 3)).toEqual([]);
  });

  it('stops the account needs_human, with the page as evidence, on a security question it has no answer for', {
    timeout: 120_000,
  }, async () => {
    portal.reset();
    portal.setFaults({ passwordExpiresInDays: '', securityQuestion: true });
    const run = await h.submit('availity', 'claim-status', [portal.truth.claims[3]!.claimNumber]);
    const worker = await h.startWorker({
      credentials: { availity: { ...account, securityAnswers: {} } },
      logger: captureLogs('silent').logger,
    });
    try {
      const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 90_000 });
      expect(row?.errorClass).toBe('needs_human');
    } finally {
      await worker.close();
    }
    const health = (await listAccountHealth(h.db, 'availity')).find((a) => a.accountId === account.id);
    expect(health?.status).toBe('needs_human');
    expect(health?.reason).toMatch(/security question/);
    expect(health?.evidenceId).toBeTruthy();
    const evidence = await h.db.evidence.findUnique({ where: { id: health!.evidenceId! } });
    expect(evidence?.label).toBe('security-question');
  });

  it('asks the code through the queue before a forced password change, then rotates it in the vault', {
    timeout: 150_000,
  }, async () => {
    portal.reset();
    const second = availityAccounts(SEED)[1]!;
    portal.setFaults({ securityQuestion: false, otpChannel: 'sms', passwordExpiresFor: second.username });
    const ring = parseKeyring(generateKeyEntry('e2e'));
    const saved = await saveCredential(h.db, ring, {
      portal: 'availity',
      label: 'expiring',
      username: second.username,
      password: second.password,
      totpSecret: second.totpSecret,
    });
    const [vaultAccount] = await credentialProviderFromDb(h.db, ring, { rotatePasswords: ['availity'] }).all!(
      'availity',
    );
    expect(vaultAccount?.rotation).toBeDefined();
    const claim = portal.truth.claims[4]!;
    const run = await h.submit('availity', 'claim-status', [claim.claimNumber]);
    const worker = await h.startWorker({
      credentials: { availity: vaultAccount! },
      logger: captureLogs('silent').logger,
    });
    try {
      await expect.poll(async () => (await pending()).length, { timeout: 60_000, interval: 300 }).toBe(1);
      const [c] = await pending();
      expect(c).toMatchObject({ kind: 'otp_sms', credentialId: saved.id });
      // Parked on the code: the password is not touched yet, in the vault or on the portal.
      expect(await pendingPassword(h.db, ring, saved.id)).toBeUndefined();
      expect((await readCredential(h.db, ring, saved.id)).password).toBe(second.password);
      const outbox = (await (
        await fetch(`${portal.url}/__admin/outbox?username=${encodeURIComponent(second.username)}`)
      ).json()) as { messages: { code: string }[] };
      const answered = await api('POST', `/api/v1/challenges/${c!.id}`, keys.ops, {
        answer: outbox.messages.at(-1)!.code,
      });
      expect(answered.statusCode).toBe(200);
      const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 90_000 });
      expect(row?.errorMessage ?? null).toBeNull();
      expect(row?.outcome).toBe('found');
    } finally {
      await worker.close();
    }
    // The vault holds the new password, nothing left staged, and the portal takes it (the old one no more).
    const stored = await readCredential(h.db, ring, saved.id);
    expect(stored.password).not.toBe(second.password);
    expect(await pendingPassword(h.db, ring, saved.id)).toBeUndefined();
    const signIn = async (password: string) =>
      fetch(`${portal.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ userId: second.username, password }).toString(),
      });
    expect((await signIn(stored.password)).headers.get('location')).toBe('/home');
    expect((await signIn(second.password)).status).toBe(200);
    expect(portal.stats()).toMatchObject({ mfaAttempts: 0, lockouts: 0 });
  });
});
