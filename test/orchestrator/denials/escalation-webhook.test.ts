// Team leads hear about escalations: when the daily loop (injected clock)
// escalates an overdue item, endpoints that opted in to `denial.escalated`
// receive one signed POST per escalation (X-Portalbots-Event names it), rebuilt
// from PostgreSQL with no patient data; endpoints that did not opt in (result
// messages only) receive nothing, and a second run the same day sends nothing new.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestClaimStatusResult } from '../../../orchestrator/denials/index.ts';
import type { FollowUpSubmitter } from '../../../orchestrator/denials/daily-loop.ts';
import { runDailyAndNotify } from '../../../orchestrator/denials/daily-service.ts';
import { parseKeyring } from '../../../orchestrator/accounts/keyring.ts';
import { vaultSecretBox } from '../../../orchestrator/accounts/secret-box.ts';
import { createLogger } from '../../../orchestrator/platform/logging.ts';
import { WEBHOOK_QUEUE } from '../../../orchestrator/platform/queue/jobs.ts';
import { startWebhookDelivery } from '../../../orchestrator/platform/webhooks/deliver.ts';
import { verifySignature } from '../../../orchestrator/platform/webhooks/sign.ts';
import { addEndpoint } from '../../../orchestrator/platform/webhooks/store.ts';
import { createEnv, type Env, PORTAL, sleep } from '../platform/setup.ts';
import { denied } from './fixtures.ts';

const box = vaultSecretBox(parseKeyring(`k1:${Buffer.alloc(32, 5).toString('base64')}`));
const T0 = new Date('2026-11-02T10:00:00Z'); // a Monday
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);

interface Received {
  path: string;
  body: string;
  headers: IncomingMessage['headers'];
}

describe('escalation webhooks', () => {
  let env: Env;
  let server: Server;
  let base: string;
  let queue: Queue;
  let delivery: { close(): Promise<void> };
  let soft: string;
  const received: Received[] = [];
  const submitter: FollowUpSubmitter = {
    supports: () => false,
    submit: async () => {
      throw new Error('no follow-ups expected');
    },
  };

  beforeAll(async () => {
    env = await createEnv('denials_eschook');
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ path: req.url!, body, headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    queue = new Queue(WEBHOOK_QUEUE, { connection: env.connect('producer'), prefix: env.prefix });
    delivery = await startWebhookDelivery({
      db: env.db,
      connection: env.connect('worker'),
      prefix: env.prefix,
      logger: createLogger({ level: 'silent' }),
      secrets: box,
    });
    const claim = await env.db.claim.create({ data: { portalId: PORTAL, payerId: 'aetna', claimNumber: 'ESC-1' } });
    soft = (
      await ingestClaimStatusResult(
        env.db,
        { claimId: claim.id, payerId: 'aetna', observedAt: T0, data: denied('16', 500, { claimNumber: 'ESC-1' }) },
        { now: T0 },
      )
    ).itemId!;
  }, 60_000);

  afterAll(async () => {
    await delivery?.close();
    await queue?.close();
    await new Promise((r) => server?.close(r));
    await env?.close();
  });

  it('sends denial.escalated to endpoints that opted in, signed, once per escalation', {
    timeout: 30_000,
  }, async () => {
    const leads = await addEndpoint(env.db, box, {
      url: `${base}/leads`,
      eventFilter: { events: ['result', 'denial.escalated'] },
    });
    await addEndpoint(env.db, box, { url: `${base}/results-only` });

    const quiet = await runDailyAndNotify({ db: env.db, submitter, webhooks: queue }, day(2));
    expect(quiet.escalations).toEqual([]);
    expect(quiet.escalationWebhooks).toBe(0);

    const r = await runDailyAndNotify({ db: env.db, submitter, webhooks: queue }, day(8));
    expect(r.escalations.map((e) => e.itemId)).toEqual([soft]);
    expect(r.escalationWebhooks).toBe(1);
    for (let i = 0; i < 100 && received.length < 1; i++) await sleep(100);
    expect(received.map((x) => x.path)).toEqual(['/leads']);
    const hit = received[0]!;
    expect(hit.headers['x-portalbots-event']).toBe('denial.escalated');
    const deliveryId = hit.headers['x-portalbots-delivery'] as string;
    expect(
      verifySignature(leads.secret, hit.body, hit.headers['x-portalbots-signature'] as string, { deliveryId }),
    ).toBe(true);
    const body = JSON.parse(hit.body);
    expect(body).toMatchObject({
      schemaVersion: 1,
      event: 'denial.escalated',
      at: day(8).toISOString(),
      workItem: { id: soft, claimNumber: 'ESC-1', portal: PORTAL, team: 'coding', state: 'new', primaryCarc: '16' },
      escalation: { level: 1, escalatedTo: 'coding-lead' },
    });
    expect(body.dashboardPath).toMatch(/^\/dashboard\/claims\/[0-9a-f-]{36}$/);
    // The delivery worker records the attempt after our server has answered: wait for the row, not just the POST.
    const deliveries = () => env.db.webhookDelivery.findMany({ where: { endpointId: leads.id } });
    let log = await deliveries();
    for (let i = 0; i < 100 && !log.some((l) => l.delivered); i++) {
      await sleep(100);
      log = await deliveries();
    }
    expect(log.map((l) => [l.messageId.split(':')[0], l.delivered])).toEqual([['denial.escalated', true]]);

    // The same day again: nothing new is escalated, nothing is sent.
    const again = await runDailyAndNotify({ db: env.db, submitter, webhooks: queue }, day(8));
    expect(again.escalationWebhooks).toBe(0);
    await sleep(500);
    expect(received).toHaveLength(1);
  });
});
