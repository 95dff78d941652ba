// Prometheus metrics: the API's /metrics shows the fleet (read from PostgreSQL
// and Redis at scrape time) to ops; a worker's own registry shows its logins,
// sessions, jobs in flight and derive backlog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerMetrics } from '../../../orchestrator/platform/metrics.ts';
import { serveMetrics } from '../../../orchestrator/platform/metrics-server.ts';
import { seedClaim } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

describe('metrics', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await createApiFixture('metrics', { dashboard: false });
    await seedClaim(f.h, f.evidence, 'MET-000001');
    await f.h.db.credential.create({
      data: {
        portalId: 'availity',
        label: 'ops-metrics',
        usernameCipher: Buffer.from('x'),
        passwordCipher: Buffer.from('x'),
        keyId: 'k2026',
        status: 'locked',
      },
    });
    await f.h.queues.queueFor('availity').add('claim-status', { runId: crypto.randomUUID() }, { jobId: 'met-waiting' });
  });
  afterAll(async () => f?.close());

  it('shows lookups, durations, queue depth, credential health and backlog to ops; not to billing', async () => {
    const denied = await f.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${f.keys.billing}` } });
    expect(denied.statusCode).toBe(403);
    const res = await f.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${f.keys.ops}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const body = res.body;
    expect(body).toMatch(
      /^portalbots_lookups_total\{portal="availity",task="claim-status",outcome="found",error_class=""\} 1$/m,
    );
    expect(body).toMatch(
      /^portalbots_lookup_duration_seconds\{portal="availity",task="claim-status",quantile="0.95"\} [\d.e-]+$/m,
    );
    expect(body).toMatch(/^portalbots_queue_jobs\{portal="availity",state="waiting"\} 1$/m);
    expect(body).toMatch(/^portalbots_credentials\{portal="availity",status="locked"\} 1$/m);
    expect(body).toMatch(/^portalbots_results_unprocessed \d+$/m);
  });

  it('a worker serves its own logins, sessions, jobs in flight and derive backlog', async () => {
    const registry = workerMetrics({
      runnerStats: async () => ({ availity: { logins: 2, sessions: 1 } }),
      inFlight: () => 3,
      deriveBacklog: () => 7,
    });
    const served = await serveMetrics(registry, { host: '127.0.0.1', port: 0 });
    try {
      const text = await (await fetch(served.url)).text();
      expect(text).toMatch(/^portalbots_worker_logins_total\{portal="availity"\} 2$/m);
      expect(text).toMatch(/^portalbots_worker_sessions\{portal="availity"\} 1$/m);
      expect(text).toMatch(/^portalbots_worker_jobs_in_flight 3$/m);
      expect(text).toMatch(/^portalbots_evidence_derive_backlog 7$/m);
      expect((await fetch(served.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await served.close();
    }
  });
});
