// Sends recorded operational events (ops-events.ts) to the webhook endpoints
// that take them: run by the orchestrator's account-alerts loop.
import type { Queue } from 'bullmq';
import type { Db } from '../db/client.ts';
import { enqueueEventDelivery, type WebhookRetry } from './deliver.ts';
import type { OpsEventType } from './event-names.ts';
import { endpointsForEvent } from './store.ts';

/**
 * Queues a delivery per matching endpoint for every event not sent yet, then
 * marks it dispatched. Safe to run on several orchestrators at once: a
 * delivery's job id is (endpoint, event), so a second enqueue is a no-op.
 */
export async function dispatchOpsEvents(db: Db, webhooks: Queue, retry?: WebhookRetry): Promise<number> {
  const pending = await db.opsEvent.findMany({
    where: { dispatchedAt: null },
    orderBy: { createdAt: 'asc' },
    take: 100,
    select: { id: true, type: true, portalId: true },
  });
  for (const e of pending) {
    const endpoints = await endpointsForEvent(db, { event: e.type as OpsEventType, portal: e.portalId });
    for (const id of endpoints) await enqueueEventDelivery(webhooks, id, e.id, retry);
    await db.opsEvent.update({ where: { id: e.id }, data: { dispatchedAt: new Date() } });
  }
  return pending.length;
}
