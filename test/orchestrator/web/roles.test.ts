// Every route x every role: allowed roles get 2xx/3xx, others 403, no key 401
// (the dashboard redirects to its login page instead). The table must cover
// every route the server registers, so a new endpoint cannot skip this test.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../../bots/index.ts';
import { createApiKey, revokeApiKey } from '../../../orchestrator/web/api/auth/keys.ts';
import { ROLES, type Role } from '../../../orchestrator/web/api/auth/roles.ts';
import { routeTable } from '../../../orchestrator/web/api/server.ts';
import { saveCredential } from '../../../orchestrator/accounts/vault.ts';
import { setSchedule } from '../../../orchestrator/platform/schedules/store.ts';
import { addEndpoint } from '../../../orchestrator/platform/webhooks/store.ts';
import { createChallenge } from '../../../orchestrator/platform/challenges/store.ts';
import { vaultSecretBox } from '../../../orchestrator/accounts/secret-box.ts';
import { transition } from '../../../orchestrator/denials/index.ts';
import { seedClaim, seedDenial, type SeededClaim } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let s: SeededClaim;
let n = 0;

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route pattern, matched against the server's route table. */
  route: string;
  url: () => Promise<string> | string;
  body?: () => object;
  allowed: readonly Role[];
}

const EVERYONE = ROLES;
const cases: Case[] = [
  {
    method: 'POST',
    route: '/api/v1/lookups',
    url: () => '/api/v1/lookups',
    body: () => ({ portal: 'availity', task: 'claim-status', claims: ['RB-00001'] }),
    allowed: ['billing', 'admin'],
  },
  { method: 'GET', route: '/api/v1/runs', url: () => '/api/v1/runs', allowed: ['ops', 'admin'] },
  {
    method: 'GET',
    route: '/api/v1/runs/:id',
    url: () => `/api/v1/runs/${s.runId}`,
    allowed: ['billing', 'ops', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/claims/:claim/results',
    url: () => `/api/v1/claims/${s.claimNumber}/results`,
    allowed: ['billing', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/claims/:claim/evidence',
    url: () => `/api/v1/claims/${s.claimNumber}/evidence`,
    allowed: ['auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/claims/:claim/packet',
    url: () => `/api/v1/claims/${s.claimId}/packet`,
    allowed: ['auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/evidence/:id',
    url: () => `/api/v1/evidence/${s.evidenceId}`,
    allowed: ['auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/evidence/:id/original',
    url: () => `/api/v1/evidence/${s.evidenceId}/original`,
    allowed: ['auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/evidence/:id/thumbnail',
    url: () => `/api/v1/evidence/${s.evidenceId}/thumbnail`,
    allowed: ['auditor', 'admin'],
  },
  {
    method: 'POST',
    route: '/api/v1/credentials',
    url: () => '/api/v1/credentials',
    body: () => ({ portal: 'availity', label: `l-${randomUUID()}`, username: 'u', password: 'p' }),
    allowed: ['ops', 'admin'],
  },
  { method: 'GET', route: '/api/v1/credentials', url: () => '/api/v1/credentials', allowed: ['ops', 'admin'] },
  {
    method: 'DELETE',
    route: '/api/v1/credentials/:id',
    // A fresh credential per call, so an allowed role's 204 is not a previous call's 404.
    url: async () =>
      `/api/v1/credentials/${(await saveCredential(f.h.db, f.keyring, { portal: 'availity', label: `d-${randomUUID()}`, username: 'u', password: 'p' })).id}`,
    allowed: ['ops', 'admin'],
  },
  {
    method: 'POST',
    route: '/api/v1/credentials/rotate',
    url: () => '/api/v1/credentials/rotate',
    allowed: ['ops', 'admin'],
  },
  { method: 'GET', route: '/api/v1/ops/queues', url: () => '/api/v1/ops/queues', allowed: ['ops', 'admin'] },
  { method: 'GET', route: '/api/v1/ops/health', url: () => '/api/v1/ops/health', allowed: ['ops', 'admin'] },
  {
    method: 'GET',
    route: '/api/v1/workqueue',
    url: () => '/api/v1/workqueue?state=open&sort=dollars',
    allowed: ['billing', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/workqueue/:id',
    url: () => `/api/v1/workqueue/${s.workItemId}`,
    allowed: ['billing', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/workqueue.csv',
    url: () => '/api/v1/workqueue.csv?state=all',
    allowed: ['billing', 'admin'],
  },
  // assigned -> assigned is a legal move, so every allowed call succeeds on the same item.
  {
    method: 'POST',
    route: '/api/v1/workqueue/:id/transition',
    url: () => `/api/v1/workqueue/${s.workItemId}/transition`,
    body: () => ({ to: 'assigned', assignee: 'coder-1' }),
    allowed: ['billing', 'admin'],
  },
  // Each call moves a fresh denial (routed to prior-auth) to coding, so every allowed call is a legal move.
  {
    method: 'POST',
    route: '/api/v1/workqueue/:id/team',
    url: async () =>
      `/api/v1/workqueue/${(await seedDenial(f.h, `WT-${String(++n).padStart(5, '0')}`)).workItemId}/team`,
    body: () => ({ team: 'coding' }),
    allowed: ['billing', 'admin'],
  },
  // An item already appealed with a tracking number: the request answers 200 and queues nothing.
  {
    method: 'POST',
    route: '/api/v1/denials/:id/appeal',
    url: async () => {
      const d = await seedDenial(f.h, `AP-${String(++n).padStart(5, '0')}`);
      await transition(f.h.db, d.workItemId, 'in_progress', { actor: 'biller-1' });
      await transition(f.h.db, d.workItemId, 'appealed', {
        actor: 'biller-1',
        channel: 'portal',
        confirmationNumber: 'RCN-ROLES',
      });
      return `/api/v1/denials/${d.workItemId}/appeal`;
    },
    body: () => ({ submit: true }),
    allowed: ['billing', 'admin'],
  },
  // Resolving is final, so each call gets a fresh denial.
  {
    method: 'POST',
    route: '/api/v1/workqueue/:id/outcome',
    url: async () =>
      `/api/v1/workqueue/${(await seedDenial(f.h, `WO-${String(++n).padStart(5, '0')}`)).workItemId}/outcome`,
    body: () => ({ outcome: 'upheld' }),
    allowed: ['billing', 'admin'],
  },
  { method: 'GET', route: '/api/v1/schedules', url: () => '/api/v1/schedules', allowed: ['ops', 'admin'] },
  {
    method: 'PUT',
    route: '/api/v1/schedules',
    url: () => '/api/v1/schedules',
    body: () => ({ portal: 'availity', task: 'claim-status', cron: '0 6 * * 1-5', timezone: 'America/New_York' }),
    allowed: ['ops', 'admin'],
  },
  {
    method: 'DELETE',
    route: '/api/v1/schedules/:portal/:task',
    url: async () => {
      await setSchedule(f.h.db, { portal: 'availity', task: 'claim-status', cron: '0 7 * * *' }, bots);
      return '/api/v1/schedules/availity/claim-status';
    },
    allowed: ['ops', 'admin'],
  },
  ...(['pause', 'resume', 'run-now'] as const).map(
    (verb): Case => ({
      method: 'POST',
      route: `/api/v1/schedules/:portal/:task/${verb}`,
      url: async () => {
        await setSchedule(f.h.db, { portal: 'availity', task: 'era-download', cron: '0 7 * * *' }, bots);
        return `/api/v1/schedules/availity/era-download/${verb}`;
      },
      allowed: ['ops', 'admin'],
    }),
  ),
  {
    method: 'GET',
    route: '/api/v1/schedules/:portal/:task/fires',
    url: async () => {
      await setSchedule(f.h.db, { portal: 'availity', task: 'era-download', cron: '0 7 * * *' }, bots);
      return '/api/v1/schedules/availity/era-download/fires';
    },
    allowed: ['ops', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/reports/denials',
    url: () => '/api/v1/reports/denials?weeks=2',
    allowed: ['billing', 'admin'],
  },
  {
    method: 'POST',
    route: '/api/v1/worklists',
    url: () => '/api/v1/worklists',
    body: () => ({
      portal: 'availity',
      task: 'claim-status',
      csv: `claim_number,payer\nWL-${String(++n).padStart(5, '0')},aetna\n`,
    }),
    allowed: ['billing', 'admin'],
  },
  {
    method: 'GET',
    route: '/api/v1/runs/:id/export',
    url: () => `/api/v1/runs/${s.runId}/export?format=csv`,
    allowed: ['billing', 'ops', 'admin'],
  },
  {
    method: 'POST',
    route: '/api/v1/webhooks',
    url: () => '/api/v1/webhooks',
    body: () => ({ url: 'https://hooks.example.com/portalbots', enabled: false }),
    allowed: ['admin'],
  },
  { method: 'GET', route: '/api/v1/webhooks', url: () => '/api/v1/webhooks', allowed: ['admin'] },
  {
    method: 'DELETE',
    route: '/api/v1/webhooks/:id',
    url: async () =>
      `/api/v1/webhooks/${(await addEndpoint(f.h.db, vaultSecretBox(f.keyring), { url: 'https://hooks.example.com/d', enabled: false })).id}`,
    allowed: ['admin'],
  },
  { method: 'GET', route: '/metrics', url: () => '/metrics', allowed: ['ops', 'admin'] },
  { method: 'GET', route: '/dashboard/', url: () => '/dashboard/', allowed: EVERYONE },
  {
    method: 'GET',
    route: '/dashboard/reports',
    url: () => '/dashboard/reports?weeks=3',
    allowed: ['billing', 'admin'],
  },
  { method: 'GET', route: '/dashboard/schedules', url: () => '/dashboard/schedules', allowed: ['ops', 'admin'] },
  { method: 'GET', route: '/dashboard/accounts', url: () => '/dashboard/accounts', allowed: ['ops', 'admin'] },
  {
    method: 'POST',
    route: '/dashboard/schedules/:portal/:task/:action',
    url: async () => {
      await setSchedule(f.h.db, { portal: 'availity', task: 'era-download', cron: '0 7 * * *' }, bots);
      return '/dashboard/schedules/availity/era-download/pause';
    },
    allowed: ['ops', 'admin'],
  },
  { method: 'GET', route: '/dashboard/denials', url: () => '/dashboard/denials', allowed: ['billing', 'admin'] },
  // Dashboard actions on a work item: each call gets a fresh denial so every allowed call is a legal move.
  ...(['assign', 'team', 'transition', 'note', 'outcome'] as const).map(
    (action): Case => ({
      method: 'POST',
      route: `/dashboard/denials/:id/${action}`,
      url: async () =>
        `/dashboard/denials/${(await seedDenial(f.h, `DA-${String(++n).padStart(5, '0')}`)).workItemId}/${action}`,
      body: () =>
        ({
          assign: { assignee: 'test-billing' },
          team: { team: 'coding' },
          transition: { to: 'in_progress' },
          note: { note: 'called the payer' },
          outcome: { outcome: 'upheld' },
        })[action],
      allowed: ['billing', 'admin'],
    }),
  ),
  // The dashboard's appeal form, on an item already appealed with a tracking number: 200, nothing queued.
  {
    method: 'POST',
    route: '/dashboard/denials/:id/appeal',
    url: async () => {
      const d = await seedDenial(f.h, `DP-${String(++n).padStart(5, '0')}`);
      await transition(f.h.db, d.workItemId, 'in_progress', { actor: 'biller-1' });
      await transition(f.h.db, d.workItemId, 'appealed', {
        actor: 'biller-1',
        channel: 'portal',
        confirmationNumber: 'RCN-ROLES',
      });
      return `/dashboard/denials/${d.workItemId}/appeal`;
    },
    body: () => ({ reason: 'other', mode: 'submit' }),
    allowed: ['billing', 'admin'],
  },
  {
    method: 'GET',
    route: '/dashboard/claims',
    url: () => `/dashboard/claims?claim=${s.claimNumber}&portal=`,
    allowed: ['billing', 'auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/dashboard/claims/:claim',
    url: () => `/dashboard/claims/${s.claimId}`,
    allowed: ['billing', 'auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/dashboard/claims/:claim/packet',
    url: () => `/dashboard/claims/${s.claimId}/packet`,
    allowed: ['auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/dashboard/evidence/:id',
    url: () => `/dashboard/evidence/${s.evidenceId}`,
    allowed: ['auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/dashboard/evidence/:id/original',
    url: () => `/dashboard/evidence/${s.evidenceId}/original`,
    allowed: ['auditor', 'admin'],
  },
  {
    method: 'GET',
    route: '/dashboard/evidence/:id/thumbnail',
    url: () => `/dashboard/evidence/${s.evidenceId}/thumbnail`,
    allowed: ['auditor', 'admin'],
  },
  { method: 'GET', route: '/api/v1/challenges', url: () => '/api/v1/challenges', allowed: ['ops', 'admin'] },
  {
    method: 'GET',
    route: '/api/v1/challenges/:id/screenshot',
    url: async () => `/api/v1/challenges/${(await pendingChallenge()).id}/screenshot`,
    allowed: ['ops', 'admin'],
  },
  {
    method: 'POST',
    route: '/api/v1/challenges/:id',
    url: async () => `/api/v1/challenges/${(await pendingChallenge()).id}`,
    body: () => ({ answer: '123456' }),
    allowed: ['ops', 'admin'],
  },
  { method: 'GET', route: '/dashboard/challenges', url: () => '/dashboard/challenges', allowed: ['ops', 'admin'] },
  {
    method: 'GET',
    route: '/dashboard/challenges/:id/screenshot.png',
    url: async () => `/dashboard/challenges/${(await pendingChallenge()).id}/screenshot.png`,
    allowed: ['ops', 'admin'],
  },
  {
    method: 'POST',
    route: '/dashboard/challenges/:id',
    url: async () => `/dashboard/challenges/${(await pendingChallenge()).id}`,
    body: () => ({ answer: '123456' }),
    allowed: ['ops', 'admin'],
  },
  { method: 'GET', route: '/dashboard/queues', url: () => '/dashboard/queues', allowed: ['ops', 'admin'] },
  {
    method: 'GET',
    route: '/dashboard/queues/api/queues',
    url: () => '/dashboard/queues/api/queues',
    allowed: ['ops', 'admin'],
  },
];

/** A fresh pending challenge (with a screenshot) per call, so every allowed answer is a legal one. */
const pendingChallenge = () =>
  createChallenge(f.h.db, {
    kind: 'otp_sms',
    portal: 'availity',
    credentialId: 'availity-roles',
    prompt: 'We sent a code by text message.',
    screenshot: Buffer.from('\x89PNG\r\n\x1a\n'),
    timeoutMs: 60_000,
  });

beforeAll(async () => {
  f = await createApiFixture('apiroles');
  s = await seedClaim(f.h, f.evidence, 'RB-10001');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

async function call(c: Case, headers: Record<string, string>) {
  const body = c.body?.();
  return f.app.inject({ method: c.method, url: await c.url(), headers, ...(body ? { payload: body } : {}) });
}

describe('role boundaries', () => {
  it('every registered route declares roles or is explicitly public, and the table covers every protected route', () => {
    const routes = routeTable(f.app);
    const undeclared = routes.filter((r) => !r.public && !r.roles);
    expect(undeclared).toEqual([]);
    const publicRoutes = routes
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes).toEqual(
      [
        'GET /api/openapi.json',
        'GET /dashboard/login',
        'GET /healthz',
        'POST /dashboard/login',
        'POST /dashboard/logout',
      ].sort(),
    );
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    // bull-board's own routes carry the ops roles stamped by its wrapper; two of them are in the table.
    const missing = routes.filter(
      (r) => !r.public && !r.url.startsWith('/dashboard/queues/') && !covered.has(`${r.method} ${r.url}`),
    );
    expect(missing.map((r) => `${r.method} ${r.url}`)).toEqual([]);
    // Ops may look at the queues; only admin may change them (issue #16 item 8).
    for (const r of routes.filter((x) => x.url.startsWith('/dashboard/queues')))
      expect(r.roles, `${r.method} ${r.url}`).toEqual(r.method === 'GET' ? ['ops', 'admin'] : ['admin']);
  });

  it("bull-board's job actions are refused to ops: no job can be injected, emptied or retried", async () => {
    const actions = [
      ['POST', '/dashboard/queues/api/queues/portal-availity/add'],
      ['PUT', '/dashboard/queues/api/queues/portal-availity/empty'],
      ['PUT', '/dashboard/queues/api/queues/portal-availity/obliterate'],
      ['PUT', '/dashboard/queues/api/queues/portal-availity/retry/failed'],
      ['PUT', '/dashboard/queues/api/queues/portal-availity/clean/completed'],
      ['PATCH', '/dashboard/queues/api/queues/portal-availity/some-job/update-data'],
    ] as const;
    const registered = new Set(routeTable(f.app).map((r) => r.method));
    for (const [method, url] of actions) {
      expect(registered.has(method), method).toBe(true);
      for (const role of ['ops', 'billing', 'auditor'] as const) {
        const res = await f.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${f.keys[role]}`, 'content-type': 'application/json' },
          payload: { name: 'claim-status', data: { runId: 'x' }, options: { jobId: `inj-${role}` } },
        });
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
      }
    }
    const queue = f.h.queues.queueFor('availity');
    expect(await queue.getJob('inj-ops')).toBeUndefined();
    // Admin keeps the tools (bull-board's own answer, not our 403).
    const admin = await f.app.inject({
      method: 'POST',
      url: '/dashboard/queues/api/queues/portal-availity/add',
      headers: { authorization: `Bearer ${f.keys.admin}`, 'content-type': 'application/json' },
      payload: { name: 'claim-status', data: {}, options: { jobId: 'admin-added' } },
    });
    expect(admin.statusCode, admin.body.slice(0, 200)).not.toBe(403);
    await queue.remove('admin-added').catch(() => {});
  });

  for (const c of cases) {
    describe(`${c.method} ${c.route}`, () => {
      for (const role of ROLES) {
        const allowed = c.allowed.includes(role);
        it(`${role} → ${allowed ? 'allowed' : '403'}`, async () => {
          const res = await call(c, { authorization: `Bearer ${f.keys[role]}` });
          if (allowed) {
            expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(200);
            expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(400);
          } else {
            expect(res.statusCode, res.body.slice(0, 300)).toBe(403);
          }
        });
      }
      it('no key → 401 (dashboard pages: redirect to login)', async () => {
        const res = await call(c, {});
        if (c.route.startsWith('/dashboard') && c.method === 'GET') {
          expect(res.statusCode).toBe(302);
          expect(res.headers.location).toMatch(/^\/dashboard\/login\?next=/);
        } else {
          expect(res.statusCode).toBe(401);
          expect(res.body).toMatch(/API key is required/);
        }
      });
    });
  }

  it('a name is one active key: a second is refused until the first is revoked', async () => {
    const first = await createApiKey(f.h.db, { role: 'billing', name: 'pat.biller' });
    await expect(createApiKey(f.h.db, { role: 'billing', name: 'pat.biller' })).rejects.toThrow(
      /^name: "pat.biller" is the name of active key [0-9a-f]{12}/,
    );
    expect(await revokeApiKey(f.h.db, first.keyId)).toBe(true);
    expect((await createApiKey(f.h.db, { role: 'billing', name: 'pat.biller' })).name).toBe('pat.biller');
  });

  it('a malformed, unknown, wrong-secret or revoked key is 401', async () => {
    const good = await createApiKey(f.h.db, { role: 'admin', name: 'to-revoke' });
    const wrongSecret = good.key.slice(0, -4) + (good.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const unknown = `pbk_000000000000_${good.key.split('_').slice(2).join('_')}`;
    for (const key of ['nonsense', wrongSecret, unknown]) {
      const res = await f.app.inject({
        method: 'GET',
        url: '/api/v1/runs',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.statusCode, key).toBe(401);
    }
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/v1/runs', headers: { 'x-api-key': good.key } })).statusCode,
    ).toBe(200);
    expect(await revokeApiKey(f.h.db, good.keyId)).toBe(true);
    const res = await f.app.inject({
      method: 'GET',
      url: '/api/v1/runs',
      headers: { authorization: `Bearer ${good.key}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/invalid or revoked/);
  });

  it('an API key in a cookie opens neither the API nor the dashboard (the cookie is a session)', async () => {
    for (const name of ['pb_key', 'pb_session']) {
      const res = await f.app.inject({
        method: 'GET',
        url: '/api/v1/runs',
        headers: { cookie: `${name}=${f.keys.admin}` },
      });
      expect(res.statusCode).toBe(401);
      const page = await f.app.inject({
        method: 'GET',
        url: '/dashboard/',
        headers: { cookie: `${name}=${f.keys.admin}` },
      });
      expect(page.statusCode).toBe(302);
    }
  });

  it('only stores key hashes', async () => {
    const rows = await f.h.db.apiKey.findMany();
    for (const key of Object.values(f.keys)) {
      const secret = key.split('_').slice(2).join('_');
      expect(rows.some((r) => r.hash.includes(secret) || r.id === secret)).toBe(false);
    }
  });
});
