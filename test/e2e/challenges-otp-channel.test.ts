// The challenge queue end to end on the UHC- and CAQH-like portals with a code
// sent by SMS or e-mail instead of their authenticator (TOTP) page (fault
// otpChannel): a worker's login parks on the code page and asks a person
// (GET /api/v1/challenges), a person posts the code the portal "sent" (read
// from the mock's GET /__admin/outbox), and the same login goes on: the job
// reads the ground truth, with one sign-in and no authenticator code entered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import type { TaskName } from '../../bots/runtime/tasks.ts';
import { MOCK_PORTALS, type MockPortal } from '../../mock-portals/index.ts';
import type { PortalAccount } from '../../mock-portals/shared/accounts.ts';
import { submitTargets, TARGET_TASKS } from '../../orchestrator/platform/runs/submit-targets.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { createApiKey } from '../../orchestrator/web/api/auth/keys.ts';
import { buildApiServer, type ApiApp } from '../../orchestrator/web/api/server.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 4712;
const CASES = [
  { id: 'uhc', channel: 'sms' },
  { id: 'caqh', channel: 'email' },
] as const;

describe('challenge queue: a code sent out of band instead of TOTP', () => {
  const mocks = CASES.map((c) => MOCK_PORTALS.find((p) => p.id === c.id) as unknown as MockPortal);
  const running: Record<string, Awaited<ReturnType<MockPortal['start']>>> = {};
  let h: Harness;
  let app: ApiApp;
  let ops = '';

  const api = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${ops}` }, ...(payload ? { payload } : {}) });
  const pending = async (portal: string) =>
    (
      (await api('GET', `/api/v1/challenges?status=pending&portal=${portal}`)).json() as {
        challenges: { id: string; kind: string; prompt: string; credentialId: string }[];
      }
    ).challenges;

  beforeAll(async () => {
    for (const [i, c] of CASES.entries())
      running[c.id] = await mocks[i]!.start({ seed: SEED, port: 0, faults: { otpChannel: c.channel } });
    h = await createHarness('otpchannel', Object.fromEntries(CASES.map((c) => [c.id, running[c.id]!.url])));
    app = await buildApiServer(
      {
        config: h.config,
        db: h.db,
        logger: captureLogs('silent').logger,
        queues: h.queues,
        bots,
        evidence: h.evidence,
      },
      { dashboard: false },
    );
    await app.ready();
    ops = (await createApiKey(h.db, { role: 'ops', name: 'ops' })).key;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await h?.close();
    await Promise.allSettled(Object.values(running).map((r) => r.close()));
  });

  for (const [i, c] of CASES.entries()) {
    it(`${c.id}: parks the login on the ${c.channel} code until a person posts it, then the job reads the truth`, {
      timeout: 150_000,
    }, async () => {
      const mock = mocks[i]!;
      const portal = running[c.id]!;
      const account = mock.accounts(SEED)[0] as PortalAccount;
      const task = Object.keys(bots[c.id]!.tasks)[0] as TaskName;
      const target = mock.contract.targets[task]!(mock.truth(SEED), 1).find((t) => t.outcome === 'found')!;
      const input = target.input as { claimNumber?: string; npi?: string };
      const run =
        TARGET_TASKS[task] === 'npi'
          ? await submitTargets(
              {
                db: h.db,
                queueFor: h.queues.queueFor,
                bots,
                jobAttempts: h.config.jobAttempts,
                queueSettings: h.config.queues,
              },
              { portal: c.id, task, targets: [{ npi: input.npi }], trigger: 'cli' },
            )
          : await h.submit(c.id, task, [input.claimNumber!]);
      const worker = await h.startWorker({
        credentials: { [c.id]: account },
        logger: captureLogs('silent').logger,
      });
      try {
        await expect.poll(async () => (await pending(c.id)).length, { timeout: 90_000, interval: 300 }).toBe(1);
        const [challenge] = await pending(c.id);
        expect(challenge).toMatchObject({
          kind: c.channel === 'sms' ? 'otp_sms' : 'otp_email',
          credentialId: account.id,
        });
        expect(challenge!.prompt).toMatch(c.channel === 'sms' ? /text message/ : /e-mail/);
        // The person reads the code the portal sent to their phone or mailbox.
        const outbox = (await (
          await fetch(`${portal.url}/__admin/outbox?username=${encodeURIComponent(account.username)}`)
        ).json()) as { messages: { code: string; channel: string }[] };
        expect(outbox.messages.map((m) => m.channel)).toEqual([c.channel]);
        const answered = await api('POST', `/api/v1/challenges/${challenge!.id}`, { answer: outbox.messages[0]!.code });
        expect(answered.statusCode).toBe(200);

        const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 90_000 });
        expect(row?.errorMessage ?? null).toBeNull();
        expect(row?.outcome).toBe('found');
        const normalize = mock.contract.normalize?.[task] ?? ((d: unknown) => d);
        expect(normalize(row?.data)).toEqual(target.data);
        // One sign-in, the parked one; the authenticator page never showed.
        expect(portal.stats()).toMatchObject({ logins: 1, mfaAttempts: 0, lockouts: 0 });
      } finally {
        await worker.close();
      }
    });
  }
});
