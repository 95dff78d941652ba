// Webhooks end to end through the orchestrator: a result message on the
// results queue is fanned out to matching endpoints, signed with
// HMAC-SHA256 over the timestamp, the delivery id and the body, retried after
// 500s with backoff, and every attempt logged. Secrets are made by the system,
// shown once and sealed with the vault keys (issue #16 item 14: before, the
// secret was stored in clear, the delivery id was not signed and http:// URLs
// to anywhere were accepted).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../orchestrator/platform/logging.ts';
import { startOrchestrator, type Orchestrator } from '../../../orchestrator/platform/process.ts';
import { RESULTS_QUEUE } from '../../../orchestrator/platform/queue/jobs.ts';
import { ResultMessageV1 } from '../../../orchestrator/platform/results/contract.ts';
import { persistResult } from '../../../orchestrator/platform/results/persist.ts';
import { signPayload, verifySignature } from '../../../orchestrator/platform/webhooks/sign.ts';
import { addEndpoint } from '../../../orchestrator/platform/webhooks/store.ts';
import { parseKeyring } from '../../../orchestrator/accounts/keyring.ts';
import { vaultSecretBox } from '../../../orchestrator/accounts/secret-box.ts';
import { createEnv, REDIS_URL, testBots, type Env } from './setup.ts';
import { queueSettingsFrom } from '../../../orchestrator/platform/config.ts';

const box = vaultSecretBox(parseKeyring(`k1:${Buffer.alloc(32, 3).toString('base64')}`));

interface Received {
  path: string;
  body: string;
  signature: string | undefined;
  delivery: string | undefined;
  at: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });
}

describe('webhooks', () => {
  let env: Env;
  let server: Server;
  let base: string;
  let orch: Orchestrator;
  let results: Queue;
  const received: Received[] = [];
  let flakyFailures = 2;

  beforeAll(async () => {
    env = await createEnv('webhooks');
    server = createServer(async (req, res) => {
      const body = await readBody(req);
      received.push({
        path: req.url!,
        body,
        signature: req.headers['x-portalbots-signature'] as string | undefined,
        delivery: req.headers['x-portalbots-delivery'] as string | undefined,
        at: Date.now(),
      });
      if (req.url === '/flaky' && flakyFailures-- > 0) res.writeHead(500).end('try later');
      else if (req.url === '/refuses') res.writeHead(400).end('no');
      else res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    orch = await startOrchestrator({
      config: {
        redisUrl: REDIS_URL,
        queuePrefix: env.prefix,
        jobAttempts: 3,
        workerConcurrency: 1,
        queues: queueSettingsFrom({}, 1),
      },
      db: env.db,
      logger: createLogger({ level: 'silent' }),
      bots: testBots,
      services: { scheduler: false },
      webhookRetry: { attempts: 4, baseDelayMs: 300 },
      webhookSecrets: box,
    });
    results = new Queue(RESULTS_QUEUE, { connection: env.connect('producer'), prefix: env.prefix });
  });
  afterAll(async () => {
    await orch?.close();
    await results?.close();
    await new Promise((r) => server?.close(r));
    await env?.close();
  });

  it('signs, retries after 500s, logs every attempt, and honours filters', { timeout: 30_000 }, async () => {
    const flaky = await addEndpoint(env.db, box, { url: `${base}/flaky` });
    const SECRET = flaky.secret;
    const onlyFailures = await addEndpoint(env.db, box, {
      url: `${base}/failures-only`,
      eventFilter: { outcomes: ['failed'] },
    });
    const refuses = await addEndpoint(env.db, box, { url: `${base}/refuses` });
    await expect(addEndpoint(env.db, box, { url: 'ftp://x' })).rejects.toThrow(/^url: must be an https:\/\/ URL/);
    // Results never cross a network in clear: http:// only to this host.
    await expect(addEndpoint(env.db, box, { url: 'http://hooks.example.com/x' })).rejects.toThrow(
      /^url: must be https/,
    );
    await expect(addEndpoint(env.db, box, { url: base, secret: 'mine' } as never)).rejects.toThrow(/^: |secret/);
    expect((await addEndpoint(env.db, box, { url: 'https://hooks.example.com/x', enabled: false })).secret).toMatch(
      /^whsec_[A-Za-z0-9_-]{43}$/,
    );
    // Sealed at rest like credentials: no plaintext secret in the row.
    const row = await env.db.webhookEndpoint.findUniqueOrThrow({ where: { id: flaky.id } });
    expect(row.secret).toBeNull();
    expect(row.secretKeyId).toBe('k1');
    expect(Buffer.from(row.secretBlob!).toString('latin1')).not.toContain(SECRET);

    // A result as the worker records and publishes it.
    const run = await env.submit(['HOOK-00001']);
    const job = run.jobs[0]!;
    const t = new Date().toISOString();
    const msg = ResultMessageV1.parse({
      schemaVersion: 1,
      runId: run.runId,
      jobId: job.jobId,
      portal: 'testportal',
      payer: null,
      task: 'claim-status',
      target: { claimId: job.claimId, claimNumber: job.claimNumber },
      outcome: 'found',
      data: { statusCategory: 'F1', paidAmount: 80 },
      evidence: [],
      botVersion: 'test-1',
      startedAt: t,
      finishedAt: t,
    });
    await persistResult(env.db, msg, { attempts: 1, claim: { claimId: job.claimId } });
    await results.add('result', msg, { jobId: job.jobId });

    await expect
      .poll(() => received.filter((r) => r.path === '/flaky').length, { timeout: 15_000, interval: 50 })
      .toBe(3);
    await expect
      .poll(() => env.db.webhookDelivery.count({ where: { endpointId: refuses.id } }), { timeout: 5_000 })
      .toBe(1);

    const flakyHits = received.filter((r) => r.path === '/flaky');
    for (const r of flakyHits) {
      expect(verifySignature(SECRET, r.body, r.signature)).toBe(true);
      expect(verifySignature('another-secret-entirely', r.body, r.signature)).toBe(false);
      expect(r.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v2=[0-9a-f]{64}$/);
      // The delivery id (the receiver's nonce) is under the signature.
      expect(r.delivery).toBe(`wh.${flaky.id}.${job.jobId}`);
      expect(verifySignature(SECRET, r.body, r.signature, { deliveryId: r.delivery! })).toBe(true);
      expect(verifySignature(SECRET, r.body, r.signature, { deliveryId: `${r.delivery}x` })).toBe(false);
      // The body is the v1 result message.
      expect(ResultMessageV1.parse(JSON.parse(r.body))).toMatchObject({
        jobId: job.jobId,
        outcome: 'found',
        data: { paidAmount: 80 },
      });
    }
    // Tampering breaks the signature.
    expect(verifySignature(SECRET, flakyHits[0]!.body.replace('80', '800'), flakyHits[0]!.signature)).toBe(false);
    // Exponential backoff from 300 ms: at least 300 ms before the first retry, 600 ms before the second.
    expect(flakyHits[1]!.at - flakyHits[0]!.at).toBeGreaterThanOrEqual(280);
    expect(flakyHits[2]!.at - flakyHits[1]!.at).toBeGreaterThanOrEqual(570);

    const log = await env.db.webhookDelivery.findMany({ where: { endpointId: flaky.id }, orderBy: { attempt: 'asc' } });
    expect(log.map((d) => [d.attempt, d.statusCode, d.delivered, d.error])).toEqual([
      [1, 500, false, 'HTTP 500'],
      [2, 500, false, 'HTTP 500'],
      [3, 204, true, null],
    ]);
    expect(log.every((d) => d.messageId === job.jobId && d.latencyMs >= 0)).toBe(true);
    // A 400 is the receiver refusing: not retried.
    const refused = await env.db.webhookDelivery.findMany({ where: { endpointId: refuses.id } });
    expect(refused.map((d) => [d.attempt, d.statusCode, d.delivered])).toEqual([[1, 400, false]]);
    // Filtered out: nothing sent, nothing logged.
    expect(received.some((r) => r.path === '/failures-only')).toBe(false);
    expect(await env.db.webhookDelivery.count({ where: { endpointId: onlyFailures.id } })).toBe(0);
  });

  it('verifySignature rejects stale timestamps', () => {
    const SECRET = 'whsec_test-0123456789abcdef';
    const body = '{"a":1}';
    const old = signPayload(SECRET, body, 1_000_000);
    expect(verifySignature(SECRET, body, old)).toBe(false);
    expect(verifySignature(SECRET, body, old, { now: 1_000_010 })).toBe(true);
  });
});
