// Issue #16 item 14: webhook endpoints are managed through the API (admin):
// the secret is returned once and never listed, plain http:// to another host
// is refused, and removal deletes the endpoint. There were no such routes before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
beforeAll(async () => {
  f = await createApiFixture('apiwebhooks', { dashboard: false });
}, 60_000);
afterAll(async () => {
  await f?.close();
});

const admin = () => ({ authorization: `Bearer ${f.keys.admin}` });

describe('/api/v1/webhooks', () => {
  it('adds (secret once), lists (no secret), refuses http:// elsewhere, removes', async () => {
    const added = await f.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: admin(),
      payload: { url: 'https://hooks.example.com/pb', eventFilter: { outcomes: ['found'] } },
    });
    expect(added.statusCode, added.body).toBe(201);
    const ep = added.json();
    expect(ep.secret).toMatch(/^whsec_/);
    const list = await f.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: admin() });
    expect(list.json().webhooks).toEqual([
      {
        id: ep.id,
        url: 'https://hooks.example.com/pb',
        enabled: true,
        eventFilter: { outcomes: ['found'] },
        createdAt: ep.createdAt,
      },
    ]);
    expect(list.body).not.toContain(ep.secret);
    const row = await f.h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(row.secret).toBeNull();

    const http = await f.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: admin(),
      payload: { url: 'http://hooks.example.com/pb' },
    });
    expect(http.statusCode).toBe(400);
    expect(http.json().message).toMatch(/^body\.url: must be https/);

    expect(
      (await f.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${ep.id}`, headers: admin() })).statusCode,
    ).toBe(204);
    expect(
      (await f.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${ep.id}`, headers: admin() })).statusCode,
    ).toBe(404);
  });
});
