// Queues work-queue events (event-message.ts) for the endpoints that opted in.
import type { Queue } from 'bullmq';
import type { Db } from '../db/client.ts';
import { assertPayload, WebhookJobPayload } from '../queue/payload.ts';
import { DEFAULT_WEBHOOK_RETRY, type WebhookRetry } from './deliver.ts';
import { endpointsForEvent } from './store.ts';

/**
 * Queues one delivery per endpoint that asked for `denial.escalated`, for each escalation event
 * the daily loop wrote at `at` on these items. Job ids are per (endpoint, event): queueing twice sends once.
 */
export async function enqueueEscalationDeliveries(
  db: Db,
  queue: Queue,
  itemIds: readonly string[],
  at: Date,
  retry: WebhookRetry = DEFAULT_WEBHOOK_RETRY,
): Promise<number> {
  if (itemIds.length === 0) return 0;
  const endpoints = await endpointsForEvent(db, { event: 'denial.escalated' });
  if (endpoints.length === 0) return 0;
  const events = await db.denialWorkEvent.findMany({
    where: { kind: 'escalation', workItemId: { in: [...itemIds] }, at },
    select: { id: true },
  });
  let queued = 0;
  for (const e of events)
    for (const endpointId of endpoints) {
      const data = assertPayload(
        WebhookJobPayload,
        { endpointId, event: 'denial.escalated', eventId: e.id.toString() },
        'webhook job',
      );
      await queue.add('deliver', data, {
        jobId: `wh.${endpointId}.esc.${e.id}`,
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.baseDelayMs },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 14 * 24 * 3600 },
      });
      queued++;
    }
  return queued;
}
