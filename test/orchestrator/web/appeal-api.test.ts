// POST /api/v1/denials/:id/appeal at the edges (the queued path runs end to
// end in test/e2e/reconsideration.test.ts): a bad field is a 400 naming it, an
// unknown item a 404, a claim with no captures a 404 (no packet to attach),
// and an item already appealed with a tracking number answers 200 with it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transition } from '../../../orchestrator/denials/index.ts';
import { seedDenial } from './seed.ts';
import { createApiFixture, type ApiFixture } from './setup.ts';

let f: ApiFixture;
beforeAll(async () => {
  f = await createApiFixture('appealapi', { dashboard: false });
}, 60_000);
afterAll(async () => f?.close());

const post = (id: string, payload: object, role: 'billing' | 'auditor' = 'billing') =>
  f.app.inject({
    method: 'POST',
    url: `/api/v1/denials/${id}/appeal`,
    headers: { authorization: `Bearer ${f.keys[role]}` },
    payload,
  });

describe('POST /api/v1/denials/:id/appeal', () => {
  it('names the bad field, answers 404 for an unknown item and for a claim without captures', async () => {
    const d = await seedDenial(f.h, 'APX-00001');
    const bad = await post(d.workItemId, { reason: 'because' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^body\.reason/);
    expect((await post(randomUUID(), {})).statusCode).toBe(404);
    const bare = await post(d.workItemId, { submit: true });
    expect(bare.statusCode, bare.body).toBe(404);
    expect(bare.json().message).toMatch(/no captures/);
    // The failed request does not block the next one.
    const row = await f.h.db.appealSubmission.findUniqueOrThrow({ where: { workItemId: d.workItemId } });
    expect(row.status).toBe('failed');
  });

  it('answers 200 with the tracking number of an item already appealed, queueing nothing', async () => {
    const d = await seedDenial(f.h, 'APX-00002');
    await transition(f.h.db, d.workItemId, 'in_progress', { actor: 'biller-1' });
    await transition(f.h.db, d.workItemId, 'appealed', {
      actor: 'biller-1',
      channel: 'portal',
      confirmationNumber: 'RCN1234567890',
    });
    const runsBefore = await f.h.db.run.count();
    const r = await post(d.workItemId, { submit: true });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'already_submitted', trackingNumber: 'RCN1234567890' });
    expect(await f.h.db.run.count()).toBe(runsBefore);
    expect((await post(d.workItemId, {}, 'auditor')).statusCode).toBe(403);
  });

  it('a job whose answer was never recorded on the request blocks a new one only for a while', async () => {
    const d = await seedDenial(f.h, 'APX-00003');
    // A request whose job answered `found` (d.jobId) but whose result follow-up never moved it out of queued.
    await f.h.db.appealSubmission.create({
      data: {
        workItemId: d.workItemId,
        claimId: d.claimId,
        portalId: 'availity',
        reason: 'other',
        argument: 'x',
        packetFileName: 'p.pdf',
        packetPdf: new Uint8Array(),
        packetSha256: '0'.repeat(64),
        dryRun: true,
        status: 'queued',
        runId: d.runId,
        jobId: d.jobId,
        requestedBy: 'biller-1',
        requestedAt: new Date(Date.now() - 60_000),
      },
    });
    const fresh = await post(d.workItemId, {});
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json()).toMatchObject({ status: 'in_flight', jobId: d.jobId });
    // Eleven minutes later the request is free again: the next one goes on (here to the packet, which this claim lacks).
    await f.h.db.taskResult.update({
      where: { jobId: d.jobId },
      data: { finishedAt: new Date(Date.now() - 11 * 60_000) },
    });
    const later = await post(d.workItemId, {});
    expect(later.statusCode, later.body).toBe(404);
    expect(later.json().message).toMatch(/no captures/);
  });
});
