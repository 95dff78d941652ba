// API behaviour against real PostgreSQL, Redis and evidence files: lookups
// reach the queue, results and evidence read back, every evidence read is
// logged, tampered files are refused, secrets never leave the vault, and bad
// input is a 400 naming the field.
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../../bots/registry.ts';
import { buildApiServer } from '../../../orchestrator/web/api/server.ts';
import { portalQueueName } from '../../../orchestrator/platform/queue/jobs.ts';
import { markAccount } from '../../../orchestrator/platform/fleet/health.ts';
import { seedClaim, seedDenial, type SeededClaim } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let s: SeededClaim;
const auth = (role: keyof ApiFixture['keys']) => ({ authorization: `Bearer ${f.keys[role]}` });

beforeAll(async () => {
  f = await createApiFixture('apibehaviour', { dashboard: false });
  s = await seedClaim(f.h, f.evidence, 'AB-20001');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

describe('bad input is a 400 naming the field', () => {
  const cases: [string, 'GET' | 'POST' | 'DELETE', string, unknown, RegExp][] = [
    [
      'lookups: no portal',
      'POST',
      '/api/v1/lookups',
      { task: 'claim-status', claims: ['AB-12345'] },
      /^body\.portal: /,
    ],
    [
      'lookups: bad task',
      'POST',
      '/api/v1/lookups',
      { portal: 'availity', task: 'fax', claims: ['AB-12345'] },
      /^body\.task: /,
    ],
    [
      'lookups: empty claims',
      'POST',
      '/api/v1/lookups',
      { portal: 'availity', task: 'claim-status', claims: [] },
      /^body\.claims: must list at least one/,
    ],
    [
      'lookups: bad claim',
      'POST',
      '/api/v1/lookups',
      { portal: 'availity', task: 'claim-status', claims: ['AB-12345', 'x y'] },
      /^body\.claims\[1\]: must be 5-30/,
    ],
    [
      'lookups: unknown field',
      'POST',
      '/api/v1/lookups',
      { portal: 'availity', task: 'claim-status', claims: ['AB-12345'], priority: 1 },
      /^body\.priority: is not an accepted field/,
    ],
    [
      'lookups: unknown portal',
      'POST',
      '/api/v1/lookups',
      { portal: 'nope', task: 'claim-status', claims: ['AB-12345'] },
      /^body\.portal: unknown portal "nope"/,
    ],
    ['lookups: not JSON', 'POST', '/api/v1/lookups', '{"portal":', /^body: /],
    ['runs: limit 0', 'GET', '/api/v1/runs?limit=0', undefined, /^querystring\.limit: must be at least 1/],
    [
      'runs: bad before',
      'GET',
      '/api/v1/runs?before=yesterday',
      undefined,
      /^querystring\.before: must be an ISO-8601/,
    ],
    ['runs: unknown query', 'GET', '/api/v1/runs?sort=asc', undefined, /^querystring\.sort: is not an accepted field/],
    ['run: bad id', 'GET', '/api/v1/runs/123', undefined, /^params\.id: must be a UUID/],
    ['claim results: bad claim', 'GET', '/api/v1/claims/a%20b/results', undefined, /^params\.claim: /],
    [
      'claim evidence: bad portal',
      'GET',
      `/api/v1/claims/AB-20001/evidence?portal=UPPER`,
      undefined,
      /^querystring\.portal: must be a lowercase portal id/,
    ],
    ['evidence: bad id', 'GET', '/api/v1/evidence/nope', undefined, /^params\.id: must be a UUID/],
    ['evidence original: bad id', 'GET', '/api/v1/evidence/nope/original', undefined, /^params\.id: must be a UUID/],
    [
      'credentials: no password',
      'POST',
      '/api/v1/credentials',
      { portal: 'availity', label: 'x', username: 'u' },
      /^body\.password: /,
    ],
    [
      'credentials: bad totp',
      'POST',
      '/api/v1/credentials',
      { portal: 'availity', label: 'x', username: 'u', password: 'p', totpSecret: '0189!' },
      /^body\.totpSecret: must be a base32 TOTP secret/,
    ],
    [
      'credentials: unknown portal',
      'POST',
      '/api/v1/credentials',
      { portal: 'nope', label: 'x', username: 'u', password: 'p' },
      /^body\.portal: unknown portal/,
    ],
    ['credentials: bad id', 'DELETE', '/api/v1/credentials/42', undefined, /^params\.id: must be a UUID/],
    ['credentials: bad portal filter', 'GET', '/api/v1/credentials?portal=A!', undefined, /^querystring\.portal: /],
    ['health: days 0', 'GET', '/api/v1/ops/health?days=0', undefined, /^querystring\.days: must be at least 1/],
  ];
  it.each(cases)('%s', async (_name, method, url, body, message) => {
    const res = await f.app.inject({
      method,
      url,
      headers: { ...auth('admin'), ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
      ...(body === undefined ? {} : { payload: body as string | object }),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(message);
  });
});

describe('lookups, runs and results', () => {
  it('POST /lookups queues one job per distinct claim and records the run', async () => {
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/lookups',
      headers: auth('billing'),
      payload: { portal: 'availity', task: 'claim-status', claims: ['LK-00001', 'LK-00002', 'LK-00001'] },
    });
    expect(res.statusCode, res.body).toBe(202);
    const body = res.json();
    expect(body.jobs.map((j: { claimNumber: string }) => j.claimNumber)).toEqual(['LK-00001', 'LK-00002']);
    const queue = f.h.queues.queueFor('availity');
    expect(queue.name).toBe(portalQueueName('availity'));
    for (const j of body.jobs) expect((await queue.getJob(j.jobId))?.data.runId).toBe(body.runId);
    const run = await f.app.inject({ method: 'GET', url: `/api/v1/runs/${body.runId}`, headers: auth('billing') });
    expect(run.json()).toMatchObject({
      id: body.runId,
      trigger: 'api',
      jobCount: 2,
      results: [],
      outcomes: { found: 0, failed: 0, not_found: 0, ambiguous_match: 0 },
    });
    expect(run.json().requestedBy).toMatch(/^apikey:[0-9a-f]{12}$/);
  });

  it('GET /runs/:id and /claims/:claim/results return the stored result', async () => {
    const run = (
      await f.app.inject({ method: 'GET', url: `/api/v1/runs/${s.runId}`, headers: auth('billing') })
    ).json();
    expect(run.outcomes.found).toBe(1);
    expect(run.results[0]).toMatchObject({
      claimNumber: 'AB-20001',
      outcome: 'found',
      evidenceCount: 1,
      data: { statusCategory: 'F2', paidAmount: 0 },
    });
    const byNumber = (
      await f.app.inject({ method: 'GET', url: `/api/v1/claims/AB-20001/results`, headers: auth('billing') })
    ).json();
    const byId = (
      await f.app.inject({ method: 'GET', url: `/api/v1/claims/${s.claimId}/results`, headers: auth('billing') })
    ).json();
    expect(byNumber).toEqual(byId);
    expect(byNumber.claim).toEqual({ id: s.claimId, portal: 'availity', claimNumber: 'AB-20001' });
    expect(byNumber.results[0].data.adjustments).toEqual([{ group: 'CO', carc: '197', amount: 420.5 }]);
    const list = (
      await f.app.inject({ method: 'GET', url: '/api/v1/runs?portal=availity&limit=500', headers: auth('ops') })
    ).json();
    expect(list.runs.map((r: { id: string }) => r.id)).toContain(s.runId);
  });

  it('an unknown claim is 404, and an ambiguous claim number asks for the portal', async () => {
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/v1/claims/ZZ-99999/results', headers: auth('billing') }))
        .statusCode,
    ).toBe(404);
    await f.h.db.portal.upsert({
      where: { id: 'otherportal' },
      create: { id: 'otherportal', name: 'Other', baseUrl: 'http://x' },
      update: {},
    });
    await f.h.db.claim.create({ data: { portalId: 'otherportal', claimNumber: 'AB-20001' } });
    const res = await f.app.inject({ method: 'GET', url: '/api/v1/claims/AB-20001/results', headers: auth('billing') });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^portal: claim number "AB-20001" exists on several portals/);
    const scoped = await f.app.inject({
      method: 'GET',
      url: '/api/v1/claims/AB-20001/results?portal=availity',
      headers: auth('billing'),
    });
    expect(scoped.json().claim.id).toBe(s.claimId);
  });

  it('request logs never carry a query string (an appeal reason or member id in one is PHI)', async () => {
    const marker = 'Jane Q Patientname 1961';
    const before = f.logs.lines.length;
    await f.app.inject({
      method: 'GET',
      url: `/api/v1/ops/health?days=1&note=${encodeURIComponent(marker)}`,
      headers: auth('ops'),
    });
    const logged = f.logs.lines.slice(before);
    expect(logged.some((l) => l.includes('incoming request'))).toBe(true);
    expect(logged.join('\n')).not.toContain('Patientname');
  });

  it('ops health reports success rate and latency from task_results', async () => {
    const h = (await f.app.inject({ method: 'GET', url: '/api/v1/ops/health?days=1', headers: auth('ops') })).json();
    expect(h.portals).toEqual([
      {
        portal: 'availity',
        total: 1,
        found: 1,
        notFound: 0,
        ambiguousMatch: 0,
        failed: 0,
        successRate: 1,
        latencyP50Ms: 1500,
        latencyP95Ms: 1500,
        failuresByClass: {},
      },
    ]);
    const q = (await f.app.inject({ method: 'GET', url: '/api/v1/ops/queues', headers: auth('ops') })).json();
    expect(q.queues.find((x: { portal: string }) => x.portal === 'availity').counts.waiting).toBeGreaterThanOrEqual(2);
  });
});

describe('evidence', () => {
  it('lists, describes and serves the original bytes, logging every read', async () => {
    const list = (
      await f.app.inject({
        method: 'GET',
        url: `/api/v1/claims/AB-20001/evidence?portal=availity`,
        headers: auth('auditor'),
      })
    ).json();
    expect(list.evidence).toHaveLength(1);
    expect(list.evidence[0]).toMatchObject({
      id: s.evidenceId,
      sha256: s.sha256,
      kind: 'screenshot',
      label: 'claim-detail',
    });
    expect(list.evidence[0]).not.toHaveProperty('storageKey');

    const meta = (
      await f.app.inject({ method: 'GET', url: `/api/v1/evidence/${s.evidenceId}`, headers: auth('auditor') })
    ).json();
    expect(meta.verification).toMatchObject({ hashMatches: true, problem: null });
    expect(meta.verification.ledger.seq).toBeGreaterThanOrEqual(1);
    expect(meta.manifest.files.png.sha256).toBe(s.sha256);

    const orig = await f.app.inject({
      method: 'GET',
      url: `/api/v1/evidence/${s.evidenceId}/original`,
      headers: auth('auditor'),
    });
    expect(orig.statusCode).toBe(200);
    expect(orig.headers['content-type']).toBe('image/png');
    expect(orig.headers['x-evidence-sha256']).toBe(s.sha256);
    expect(createHash('sha256').update(orig.rawPayload).digest('hex')).toBe(s.sha256);

    const apiLog = await f.h.db.apiAccessLogEntry.findMany({
      where: { OR: [{ evidenceId: s.evidenceId }, { claimId: s.claimId }] },
      orderBy: { createdAt: 'asc' },
    });
    expect(apiLog.map((r) => r.action)).toEqual(['list', 'metadata', 'original']);
    expect(apiLog.every((r) => r.role === 'auditor')).toBe(true);
    const chained = await f.evidence.accessLog({ storageKey: s.storageKey });
    expect(chained.map((r) => r.reason)).toEqual(['api:evidence-metadata:verify', 'api:original']);
    expect(chained[1]!.actor).toMatch(/^apikey:[0-9a-f]{12}:test-auditor$/);
    expect(chained[1]!.claimRef).toBe('AB-20001');
  });

  it('exports an appeal packet PDF for the claim and logs it', async () => {
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/claims/AB-20001/packet?portal=availity`,
      headers: auth('auditor'),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="AB-20001-appeal-packet.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const logged = await f.h.db.apiAccessLogEntry.findMany({ where: { claimId: s.claimId, action: 'packet' } });
    expect(logged).toHaveLength(1);
    const chained = await f.evidence.accessLog({ claimRef: 'AB-20001' });
    expect(chained.some((r) => r.reason === 'api:packet')).toBe(true);
    // A claim never looked up has nothing to put in a packet; one looked up without captures has no exhibits.
    const unseen = await f.app.inject({
      method: 'GET',
      url: `/api/v1/claims/LK-00001/packet`,
      headers: auth('auditor'),
    });
    expect(unseen.statusCode, unseen.body).toBe(400);
    expect(unseen.json().message).toMatch(/^claim: no found claim-status result yet/);
    await seedDenial(f.h, 'NP-00001');
    const none = await f.app.inject({ method: 'GET', url: `/api/v1/claims/NP-00001/packet`, headers: auth('auditor') });
    expect(none.statusCode, none.body).toBe(404);
    expect(none.json().message).toMatch(/^claim: no captures are stored/);
  });

  it('serves the derived thumbnail once the store has made it', async () => {
    await f.evidence.whenIdle();
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/evidence/${s.evidenceId}/thumbnail`,
      headers: auth('admin'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.rawPayload.length).toBeLessThan(s.png.length * 4);
  });

  it('refuses a tampered file (409) and reports it in the verification', async () => {
    const t = await seedClaim(f.h, f.evidence, 'TM-30001');
    const file = path.join(f.h.config.dataDir, 'api-evidence', ...t.storageKey.split('/'));
    await chmod(file, 0o644).catch(() => {});
    await writeFile(file, Buffer.concat([t.png, Buffer.from('tamper')]));
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v1/evidence/${t.evidenceId}/original`,
      headers: auth('auditor'),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/integrity check/);
    const meta = (
      await f.app.inject({ method: 'GET', url: `/api/v1/evidence/${t.evidenceId}`, headers: auth('auditor') })
    ).json();
    expect(meta.verification.hashMatches).toBe(false);
    expect(meta.verification.problem).toMatch(/integrity check failed/);
    const chained = await f.evidence.accessLog({ storageKey: t.storageKey });
    expect(chained.some((r) => r.outcome === 'integrity_error')).toBe(true);
  });

  it('without an evidence store, bytes are 503 but metadata still lists', async () => {
    const bare = await buildApiServer(
      { config: f.h.config, db: f.h.db, logger: f.logs.logger, queues: f.h.queues, bots },
      { dashboard: false },
    );
    try {
      const res = await bare.inject({
        method: 'GET',
        url: `/api/v1/evidence/${s.evidenceId}/original`,
        headers: auth('auditor'),
      });
      expect(res.statusCode).toBe(503);
      expect(
        (await bare.inject({ method: 'GET', url: `/api/v1/claims/${s.claimId}/evidence`, headers: auth('auditor') }))
          .statusCode,
      ).toBe(200);
      const cred = await bare.inject({
        method: 'POST',
        url: '/api/v1/credentials',
        headers: auth('ops'),
        payload: { portal: 'availity', label: 'x', username: 'u', password: 'p' },
      });
      expect(cred.statusCode).toBe(503);
      expect(cred.json().message).toMatch(/PORTALBOTS_CREDENTIAL_KEYS/);
    } finally {
      await bare.close();
    }
  });
});

describe('credentials', () => {
  it('are write-only: no response, listing or log line carries a secret', async () => {
    const secret = { username: 'ops-user-7731', password: 'S3cret-Pa55-9941', totpSecret: 'JBSWY3DPEHPK3PXP' };
    const created = await f.app.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: auth('ops'),
      payload: { portal: 'availity', label: 'primary', ...secret },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      portal: 'availity',
      label: 'primary',
      hasTotp: true,
      keyId: 'k2026',
      status: 'active',
    });
    const listed = await f.app.inject({
      method: 'GET',
      url: '/api/v1/credentials?portal=availity',
      headers: auth('admin'),
    });
    expect(listed.json().credentials.map((c: { label: string }) => c.label)).toContain('primary');
    // The fleet's shared account health rides along: a worker stopped this account.
    await markAccount(f.h.db, {
      portal: 'availity',
      accountId: 'availity-kpatel07.billing',
      label: 'kpatel07.billing',
      status: 'password_expired',
      reason: 'password_expired: The portal requires a new password',
      evidenceId: 'ev-7',
    });
    const health = await f.app.inject({
      method: 'GET',
      url: '/api/v1/credentials?portal=availity',
      headers: auth('ops'),
    });
    expect(health.json().accounts).toEqual([
      expect.objectContaining({ label: 'kpatel07.billing', status: 'password_expired', evidenceId: 'ev-7' }),
    ]);
    const rotated = await f.app.inject({ method: 'POST', url: '/api/v1/credentials/rotate', headers: auth('ops') });
    expect(rotated.json()).toMatchObject({ currentKeyId: 'k2026', rotated: 0 });
    for (const text of [created.body, listed.body, rotated.body, f.logs.text()]) {
      for (const v of Object.values(secret)) expect(text).not.toContain(v);
    }
    // Nor do API keys reach the logs.
    for (const key of Object.values(f.keys)) expect(f.logs.text()).not.toContain(key.slice('pbk_000000000000_'.length));
    expect(f.logs.lines.length).toBeGreaterThan(0);
    const del = await f.app.inject({
      method: 'DELETE',
      url: `/api/v1/credentials/${created.json().id}`,
      headers: auth('ops'),
    });
    expect(del.statusCode).toBe(204);
    expect(
      (await f.app.inject({ method: 'DELETE', url: `/api/v1/credentials/${created.json().id}`, headers: auth('ops') }))
        .statusCode,
    ).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents every v1 route with its request schema', async () => {
    const doc = (await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/v1/challenges',
        '/api/v1/challenges/{id}',
        '/api/v1/challenges/{id}/screenshot',
        '/api/v1/claims/{claim}/evidence',
        '/api/v1/claims/{claim}/packet',
        '/api/v1/claims/{claim}/results',
        '/api/v1/credentials',
        '/api/v1/credentials/rotate',
        '/api/v1/credentials/{id}',
        '/api/v1/denials/{id}/appeal',
        '/api/v1/evidence/{id}',
        '/api/v1/evidence/{id}/original',
        '/api/v1/evidence/{id}/thumbnail',
        '/api/v1/lookups',
        '/api/v1/ops/health',
        '/api/v1/ops/queues',
        '/api/v1/reports/denials',
        '/api/v1/runs',
        '/api/v1/runs/{id}',
        '/api/v1/runs/{id}/export',
        '/api/v1/schedules',
        '/api/v1/schedules/{portal}/{task}',
        '/api/v1/schedules/{portal}/{task}/fires',
        '/api/v1/schedules/{portal}/{task}/pause',
        '/api/v1/schedules/{portal}/{task}/resume',
        '/api/v1/schedules/{portal}/{task}/run-now',
        '/api/v1/workqueue',
        '/api/v1/workqueue/{id}',
        '/api/v1/workqueue.csv',
        '/api/v1/workqueue/{id}/outcome',
        '/api/v1/workqueue/{id}/team',
        '/api/v1/workqueue/{id}/transition',
        '/api/v1/worklists',
        '/api/v1/webhooks',
        '/api/v1/webhooks/{id}',
      ].sort(),
    );
    const lookup = doc.paths['/api/v1/lookups'].post;
    expect(lookup.tags).toEqual(['lookups']);
    expect(lookup.requestBody.content['application/json'].schema.required).toEqual(['portal', 'task', 'claims']);
    expect(
      doc.paths['/api/v1/credentials'].post.responses['201'].content['application/json'].schema.properties,
    ).not.toHaveProperty('password');
  });
});

describe('work queue and schedules', () => {
  it('lists, transitions and resolves work items, with the API key as the actor', async () => {
    const list = await f.app.inject({
      method: 'GET',
      url: '/api/v1/workqueue?payer=aetna&sort=dollars',
      headers: auth('billing'),
    });
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json().items.find((i: { claimId: string }) => i.claimId === s.claimId);
    expect(item).toMatchObject({ id: s.workItemId, state: 'new', primaryCarc: '197' });

    const moved = await f.app.inject({
      method: 'POST',
      url: `/api/v1/workqueue/${s.workItemId}/transition`,
      headers: auth('billing'),
      payload: { to: 'in_progress' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().state).toBe('in_progress');
    const illegal = await f.app.inject({
      method: 'POST',
      url: `/api/v1/workqueue/${s.workItemId}/outcome`,
      headers: auth('billing'),
      payload: { outcome: 'overturned', recoveredAmount: 10 },
    });
    expect(illegal.statusCode).toBe(409);
    const history = (
      await f.app.inject({ method: 'GET', url: `/api/v1/workqueue/${s.workItemId}`, headers: auth('billing') })
    ).json().history;
    expect(history.at(-1)).toMatchObject({ kind: 'transition', toState: 'in_progress' });
    expect(history.at(-1).actor).toMatch(/^apikey:[0-9a-f]{12}:test-billing$/);

    for (const [url, payload, message] of [
      [`/api/v1/workqueue/${s.workItemId}/transition`, { to: 'limbo' }, /^body\.to: /],
      [
        `/api/v1/workqueue/${s.workItemId}/transition`,
        { to: 'assigned', actor: 'someone-else' },
        /^body\.actor: is not an accepted field/,
      ],
      [`/api/v1/workqueue/${s.workItemId}/outcome`, { outcome: 'paid' }, /recoveredAmount: is required/],
    ] as const) {
      const res = await f.app.inject({ method: 'POST', url, headers: auth('billing'), payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().message).toMatch(message);
    }
    const csv = await f.app.inject({ method: 'GET', url: '/api/v1/workqueue.csv?state=all', headers: auth('billing') });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\n')[0]).toBe(
      'claim_number,patient_control_number,payer,carc,rarc,state,assignee,team,deadline,outcome,recovered_amount,dollars_at_risk,confirmation_number,work_item_id,submitted_date',
    );
    expect(csv.body).toContain(s.workItemId);
    const bad = await f.app.inject({ method: 'GET', url: '/api/v1/workqueue?limit=5000', headers: auth('billing') });
    expect(bad.json().message).toMatch(/^querystring\.limit: must be at most 1000/);
    expect(
      (await f.app.inject({ method: 'GET', url: `/api/v1/workqueue/${s.runId}`, headers: auth('billing') })).statusCode,
    ).toBe(404);
  });

  it('moves a work item to another known team, with the API key as the actor', async () => {
    const d = await seedDenial(f.h, 'TEAM-00001');
    const url = `/api/v1/workqueue/${d.workItemId}/team`;
    const moved = await f.app.inject({
      method: 'POST',
      url,
      headers: auth('billing'),
      payload: { team: 'coding', note: 'coding error, not auth' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ id: d.workItemId, team: 'coding', state: 'new' });
    const history = (
      await f.app.inject({ method: 'GET', url: `/api/v1/workqueue/${d.workItemId}`, headers: auth('billing') })
    ).json().history;
    expect(history.at(-1)).toMatchObject({
      kind: 'team',
      note: 'Moved from team prior-auth to coding: coding error, not auth',
      details: { fromTeam: 'prior-auth', toTeam: 'coding' },
    });
    expect(history.at(-1).actor).toMatch(/^apikey:[0-9a-f]{12}:test-billing$/);
    const same = await f.app.inject({ method: 'POST', url, headers: auth('billing'), payload: { team: 'coding' } });
    expect(same.statusCode).toBe(400);
    expect(same.json().message).toBe('body.team: the item is already owned by coding');
    const unknown = await f.app.inject({ method: 'POST', url, headers: auth('billing'), payload: { team: 'nobody' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/^body\.team: "nobody" is not a known team; use one of billing-manager, /);
  });

  it('sets, lists with next run, and removes schedules', async () => {
    const set = await f.app.inject({
      method: 'PUT',
      url: '/api/v1/schedules',
      headers: auth('ops'),
      payload: { portal: 'availity', task: 'claim-status', cron: '30 6 * * *', timezone: 'UTC' },
    });
    expect(set.statusCode, set.body).toBe(200);
    const next = new Date(set.json().nextRunAt);
    expect(next.getUTCHours()).toBe(6);
    expect(next.getUTCMinutes()).toBe(30);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    const badCron = await f.app.inject({
      method: 'PUT',
      url: '/api/v1/schedules',
      headers: auth('ops'),
      payload: { portal: 'availity', task: 'claim-status', cron: 'every day' },
    });
    expect(badCron.statusCode).toBe(400);
    expect(badCron.json().message).toMatch(/^body\.cron: /);
    const listed = (await f.app.inject({ method: 'GET', url: '/api/v1/schedules', headers: auth('ops') })).json();
    expect(listed.schedules).toHaveLength(1);
    expect(
      (await f.app.inject({ method: 'DELETE', url: '/api/v1/schedules/availity/claim-status', headers: auth('ops') }))
        .statusCode,
    ).toBe(204);
    expect(
      (await f.app.inject({ method: 'DELETE', url: '/api/v1/schedules/availity/claim-status', headers: auth('ops') }))
        .statusCode,
    ).toBe(404);
  });
});

describe('worklists, exports and reports', () => {
  it('runs the good rows of a CSV worklist and reports bad rows by line and field', async () => {
    const csv =
      'claim_number,payer,service_date,billed_amount,Submitted Date\nWL-30001,aetna,2026-10-01,125.00,10/03/2026\nbad claim!,aetna,2026-10-01,10,\nWL-30002,cigna,2026-13-45,99.50,\nWL-30003,anthem,2026-10-02,40,\n';
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/worklists',
      headers: auth('billing'),
      payload: { portal: 'availity', task: 'claim-status', csv },
    });
    expect(res.statusCode, res.body).toBe(202);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { line: number; field: string }) => `${r.line}:${r.field}`)).toEqual([
      '3:claim_number',
      '4:service_date',
    ]);
    expect(body.jobs.map((j: { claimNumber: string }) => j.claimNumber).sort()).toEqual(['WL-30001', 'WL-30003']);
    const claim = await f.h.db.claim.findUniqueOrThrow({
      where: { portalId_claimNumber: { portalId: 'availity', claimNumber: 'WL-30001' } },
    });
    expect(claim.billedAmount?.toString()).toBe('125');
    expect(claim.submittedDate?.toISOString().slice(0, 10)).toBe('2026-10-03');
    const none = await f.app.inject({
      method: 'POST',
      url: '/api/v1/worklists',
      headers: auth('billing'),
      payload: { portal: 'availity', task: 'claim-status', csv: 'claim_number\nx\n' },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toMatch(/^body\.csv: line 2: claim_number: /);
  });

  it('takes rows keyed by patient control number (no claim number); an unknown portal is a 400 that writes nothing', async () => {
    const csv =
      'Patient Control Number,Member ID,Date of Birth,Service Date,Billed Amount,Payer,Provider NPI\nPCN-API-1,W218895078,11/30/1991,09/11/2025,2360.00,aetna,1732103076\nPCN-API-2,W218895078,,09/12/2025,10.00,aetna,1732103076\n';
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/worklists',
      headers: auth('billing'),
      payload: { portal: 'availity', task: 'claim-status', csv },
    });
    expect(res.statusCode, res.body).toBe(202);
    const body = res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([
      { line: 3, field: 'date_of_birth', message: "is required by this portal's member search" },
    ]);
    expect(body.worklistJobs).toHaveLength(1);
    const item = await f.h.db.worklistItem.findUniqueOrThrow({ where: { id: body.worklistJobs[0].worklistItemId } });
    expect(item.patientControlNumber).toBe('PCN-API-1');
    const runs = await f.h.db.run.count();
    const unknown = await f.app.inject({
      method: 'POST',
      url: '/api/v1/worklists',
      headers: auth('billing'),
      payload: { portal: 'nosuchportal', task: 'claim-status', csv },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/^body\.portal: unknown portal/);
    expect(await f.h.db.run.count()).toBe(runs);
  });

  it("exports a run's results as formula-safe CSV and as JSON", async () => {
    const csv = await f.app.inject({
      method: 'GET',
      url: `/api/v1/runs/${s.runId}/export?format=csv`,
      headers: auth('billing'),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/claim/);
    expect(csv.body).toContain('AB-20001');
    const json = await f.app.inject({
      method: 'GET',
      url: `/api/v1/runs/${s.runId}/export?format=json`,
      headers: auth('billing'),
    });
    expect(JSON.stringify(JSON.parse(json.body))).toContain('AB-20001');
    expect(
      (
        await f.app.inject({ method: 'GET', url: `/api/v1/runs/${s.runId}/export?format=xls`, headers: auth('ops') })
      ).json().message,
    ).toMatch(/^querystring\.format: /);
  });

  it('serves the denial report as JSON', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/api/v1/reports/denials?weeks=2', headers: auth('billing') });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(Object.keys(r).sort()).toEqual([
      'agingBuckets',
      'appealOutcomes',
      'asOf',
      'averageDailyCharges',
      'byProvider',
      'daysInAR',
      'daysToResolution',
      'denialRateByPayer',
      'deniedBalance',
      'firstPassResolutionRate',
      'generatedAt',
      'neverWorkedShare',
      'noResponse',
      'overturnRate',
      'period',
      'topCarcCodes',
      'weeklyRootCause',
      'writeOffRate',
    ]);
    expect(r.weeklyRootCause).toHaveLength(2);
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/v1/reports/denials?weeks=0', headers: auth('billing') })).json()
        .message,
    ).toMatch(/^querystring\.weeks: must be at least 1/);
  });
});
