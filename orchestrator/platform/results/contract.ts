// Result messages (DESIGN.md "Contracts"). Version 1 is the full result: the
// webhook body and what consumers rebuild from PostgreSQL (webhooks/message.ts).
// What travels through the results queue is version 2, a notice carrying ids
// only: Redis keeps finished jobs for a day in clear text, so claim numbers,
// dates of service, amounts and CARCs never go there. Consumers fetch the
// details by resultId / jobId from PostgreSQL or the API. Change a shape only
// by adding a new schemaVersion.
import { z } from 'zod';
import { ERROR_CLASSES } from '../../../bots/index.ts';
import { TaskName } from '../../../bots/index.ts';
import { text } from '../text.ts';

export const EvidenceRefV1 = z.object({
  id: text(),
  sha256: text().regex(/^[0-9a-f]{64}$/),
  url: text(),
  capturedAt: z.iso.datetime(),
});

export const ResultMessageV1 = z.object({
  schemaVersion: z.literal(1),
  runId: z.uuid(),
  jobId: text().min(1),
  portal: text().min(1),
  payer: text().nullable(),
  task: TaskName,
  target: z.record(text(), z.unknown()),
  /** ambiguous_match: a member search matched claims nothing tells apart; data.candidates names them. */
  outcome: z.enum(['found', 'not_found', 'ambiguous_match', 'failed']),
  error: z.object({ class: z.enum(ERROR_CLASSES), message: text(), retryable: z.boolean() }).optional(),
  data: z.record(text(), z.unknown()),
  evidence: z.array(EvidenceRefV1),
  botVersion: text(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
});
export type ResultMessageV1 = z.infer<typeof ResultMessageV1>;

/** The results queue message: which result, of which run, and its outcome; nothing about the claim. */
export const ResultNoticeV2 = z
  .object({
    schemaVersion: z.literal(2),
    /** task_results.id: GET /api/v1/runs/:runId lists it; webhooks/message.ts rebuilds the v1 message. */
    resultId: z.uuid(),
    runId: z.uuid(),
    jobId: text().min(1).max(300),
    portal: text().regex(/^[a-z0-9-]{1,40}$/),
    task: TaskName,
    outcome: z.enum(['found', 'not_found', 'ambiguous_match', 'failed']),
  })
  .strict();
export type ResultNoticeV2 = z.infer<typeof ResultNoticeV2>;

export function resultNotice(message: ResultMessageV1, resultId: string): ResultNoticeV2 {
  return ResultNoticeV2.parse({
    schemaVersion: 2,
    resultId,
    runId: message.runId,
    jobId: message.jobId,
    portal: message.portal,
    task: message.task,
    outcome: message.outcome,
  });
}
