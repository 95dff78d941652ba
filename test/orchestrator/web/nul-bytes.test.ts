// Issue #16 item 10: a NUL byte in any string field is a 400 naming the field.
// PostgreSQL cannot store U+0000 in text or JSON, so on the code before this
// change each of these reached the database and answered 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedClaim, type SeededClaim } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
let s: SeededClaim;

beforeAll(async () => {
  f = await createApiFixture('apinul', { dashboard: true });
  s = await seedClaim(f.h, f.evidence, 'NB-20001');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

const NUL = 'a\u0000b';

describe('NUL bytes are refused with 400', () => {
  const cases: [string, 'GET' | 'POST' | 'PUT', () => string, (() => object) | undefined, RegExp][] = [
    [
      'credential label',
      'POST',
      () => '/api/v1/credentials',
      () => ({ portal: 'availity', label: NUL, username: 'u', password: 'p' }),
      /^body\.label: must not contain NUL/,
    ],
    [
      'credential password',
      'POST',
      () => '/api/v1/credentials',
      () => ({ portal: 'availity', label: 'ok', username: 'u', password: NUL }),
      /^body\.password: must not contain NUL/,
    ],
    [
      'work-queue note',
      'POST',
      () => `/api/v1/workqueue/${s.workItemId}/transition`,
      () => ({ to: 'assigned', assignee: 'coder-1', note: NUL }),
      /^body\.note: must not contain NUL/,
    ],
    [
      'work-queue assignee',
      'POST',
      () => `/api/v1/workqueue/${s.workItemId}/transition`,
      () => ({ to: 'assigned', assignee: NUL }),
      /^body\.assignee: must not contain NUL/,
    ],
    [
      'rootCause filter',
      'GET',
      () => `/api/v1/workqueue?rootCause=${encodeURIComponent(NUL)}`,
      undefined,
      /^querystring\.rootCause: must not contain NUL/,
    ],
    [
      'schedule cron',
      'PUT',
      () => '/api/v1/schedules',
      () => ({ portal: 'availity', task: 'claim-status', cron: `0 6 * * *${'\u0000'}` }),
      /^body\.cron: must not contain NUL/,
    ],
    [
      'schedule timezone',
      'PUT',
      () => '/api/v1/schedules',
      () => ({ portal: 'availity', task: 'claim-status', cron: '0 6 * * *', timezone: NUL }),
      /^body\.timezone: must not contain NUL/,
    ],
    [
      'schedule target selection (free-form JSON)',
      'PUT',
      () => '/api/v1/schedules',
      () => ({ portal: 'availity', task: 'claim-status', cron: '0 6 * * *', targetSelection: { stale: [NUL] } }),
      /^body\.targetSelection\.stale: must not contain NUL/,
    ],
    [
      'worklist CSV',
      'POST',
      () => '/api/v1/worklists',
      () => ({ portal: 'availity', task: 'claim-status', csv: `claim_number\nAB${'\u0000'}123456\n` }),
      /^body\.csv: must not contain NUL/,
    ],
    [
      'claim number in a path',
      'GET',
      () => `/api/v1/claims/${encodeURIComponent(NUL)}/results`,
      undefined,
      /^params\.claim: must not contain NUL/,
    ],
  ];
  for (const [name, method, url, body, message] of cases) {
    it(name, async () => {
      const payload = body?.();
      const res = await f.app.inject({
        method,
        url: url(),
        headers: { authorization: `Bearer ${f.keys.admin}` },
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
      expect(res.json().message).toMatch(message);
    });
  }

  it('a NUL in the dashboard login form is a 400, not a 500', async () => {
    const res = await f.app.inject({
      method: 'POST',
      url: '/dashboard/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${encodeURIComponent(NUL)}`,
    });
    expect(res.statusCode).toBe(400);
  });
});
