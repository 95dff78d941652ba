// The results queue message, version 1 (DESIGN.md "Contracts"). Consumers
// (webhooks, the denial work queue, users' integrations) rely on this shape:
// change it only by adding a new schemaVersion.
import { z } from 'zod';
import { ERROR_CLASSES } from '../../../bots/index.ts';
import { TaskName } from '../../../bots/index.ts';

export const EvidenceRefV1 = z.object({
  id: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  url: z.string(),
  capturedAt: z.iso.datetime(),
});

export const ResultMessageV1 = z.object({
  schemaVersion: z.literal(1),
  runId: z.uuid(),
  jobId: z.string().min(1),
  portal: z.string().min(1),
  payer: z.string().nullable(),
  task: TaskName,
  target: z.record(z.string(), z.unknown()),
  /** ambiguous_match: a member search matched claims nothing tells apart; data.candidates names them. */
  outcome: z.enum(['found', 'not_found', 'ambiguous_match', 'failed']),
  error: z.object({ class: z.enum(ERROR_CLASSES), message: z.string(), retryable: z.boolean() }).optional(),
  data: z.record(z.string(), z.unknown()),
  evidence: z.array(EvidenceRefV1),
  botVersion: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
});
export type ResultMessageV1 = z.infer<typeof ResultMessageV1>;
