// Enforcement of "ids and references only" for everything we put in Redis.
// BullMQ stores job data in clear text and anyone with Redis access can read
// it, so a payload that carries more than the schema allows (a claim number,
// a member id, a password) is refused before it is enqueued.
import { z } from 'zod';
import { LookupJobData, TargetJobData, WorklistJobData } from './jobs.ts';
import { text } from '../text.ts';

export class PayloadError extends Error {
  override name = 'PayloadError';
}

/** The lookup payload, closed: unknown keys are an error, not silently carried. */
export const LookupJobPayload = LookupJobData.extend({
  portal: text().regex(/^[a-z0-9-]{1,40}$/, 'must be a portal id'),
}).strict();

/** The worklist-row payload: the row's id, never its member id or birth date. */
export const WorklistJobPayload = WorklistJobData.extend({
  portal: text().regex(/^[a-z0-9-]{1,40}$/, 'must be a portal id'),
}).strict();

/** The provider / date-range payload, closed in the same way. */
export const TargetJobPayload = TargetJobData.extend({
  portal: text().regex(/^[a-z0-9-]{1,40}$/, 'must be a portal id'),
}).strict();

/**
 * A webhook delivery job: which endpoint, and which message by its row id only (no claim data in Redis):
 * a result (its job id), a work-queue event, or an operational event (ops_events id).
 */
export const WebhookJobPayload = z.union([
  z
    .object({
      endpointId: z.uuid(),
      resultJobId: text().min(1).max(300),
    })
    .strict(),
  // A work-queue event (platform/webhooks/events.ts): the event's row id only, no claim data in Redis.
  z
    .object({
      endpointId: z.uuid(),
      event: z.enum(['denial.escalated']),
      eventId: text().regex(/^\d{1,20}$/, 'must be a work item event id'),
    })
    .strict(),
  // An operational event (platform/webhooks/ops-events.ts).
  z
    .object({
      endpointId: z.uuid(),
      eventId: z.uuid(),
    })
    .strict(),
]);
export type WebhookJobPayload = z.infer<typeof WebhookJobPayload>;

export function assertPayload<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const r = schema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length
      ? issue.path.join('.')
      : ((issue as { keys?: string[] }).keys?.join(',') ?? '(root)');
    throw new PayloadError(`${what} payload refused at ${where}: ${issue.message}`);
  }
  return r.data;
}
