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

/** A webhook delivery job: which endpoint, which result (by its job id) or operational event (ops_events id). */
export const WebhookJobPayload = z
  .object({
    endpointId: z.uuid(),
    resultJobId: text().min(1).max(300).optional(),
    eventId: z.uuid().optional(),
  })
  .strict()
  .refine((p) => (p.resultJobId === undefined) !== (p.eventId === undefined), {
    message: 'must name exactly one of resultJobId and eventId',
    path: ['resultJobId'],
  });
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
