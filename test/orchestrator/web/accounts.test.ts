// The low-accounts state where people look: GET /api/v1/credentials carries a
// per-portal {healthy, needed, short} summary, and the dashboard shows a
// banner (home and Accounts page) while a portal is short.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markAccount, registerAccounts, unblockAccount } from '../../../orchestrator/platform/fleet/health.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
beforeAll(async () => {
  f = await createApiFixture('apiaccounts', { dashboard: true });
  await f.h.db.schedule.create({ data: { portalId: 'availity', task: 'claim-status', cron: '0 6 * * 1-5' } });
  await registerAccounts(f.h.db, 'availity', [
    { id: 'av-1', label: 'billing.one' },
    { id: 'av-2', label: 'billing.two' },
  ]);
}, 120_000);
afterAll(async () => {
  await f?.close();
});

async function dashboard(url: string): Promise<string> {
  const login = await f.app.inject({
    method: 'POST',
    url: '/dashboard/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `key=${encodeURIComponent(f.keys.ops)}&next=/dashboard`,
  });
  const cookie = /pb_session=([^;]*)/.exec(String(login.headers['set-cookie']))![1]!;
  const res = await f.app.inject({ method: 'GET', url, headers: { cookie: `pb_session=${cookie}` } });
  expect(res.statusCode).toBe(200);
  return res.body;
}
const credentials = async () => {
  const res = await f.app.inject({
    url: '/api/v1/credentials?portal=availity',
    headers: { authorization: `Bearer ${f.keys.ops}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { portals: { portal: string; healthy: number; needed: number; short: boolean }[] };
};

describe('low healthy accounts in the API and dashboard', () => {
  it('shows the portal short while no account is healthy, and fine again after an unblock', async () => {
    expect((await credentials()).portals).toMatchObject([{ portal: 'availity', healthy: 2, needed: 1, short: false }]);
    expect(await dashboard('/dashboard/')).not.toContain('Low healthy accounts');

    for (const id of ['av-1', 'av-2'])
      await markAccount(f.h.db, {
        portal: 'availity',
        accountId: id,
        label: id,
        status: 'locked',
        reason: 'locked_out',
      });
    expect((await credentials()).portals).toMatchObject([{ portal: 'availity', healthy: 0, needed: 1, short: true }]);
    expect(await dashboard('/dashboard/')).toContain('Low healthy accounts');
    const page = await dashboard('/dashboard/accounts');
    expect(page).toContain('availity: 0 healthy of 2, its schedules need 1');
    expect(page).toMatch(/<td class="bad">SHORT<\/td>/);
    expect(page).toContain('billing.one');

    await unblockAccount(f.h.db, 'availity', 'av-1');
    expect((await credentials()).portals).toMatchObject([{ portal: 'availity', healthy: 1, needed: 1, short: false }]);
    expect(await dashboard('/dashboard/accounts')).not.toContain('Low healthy accounts');
  });
});
