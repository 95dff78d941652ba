// The results queue message, version 1 (DESIGN.md "Contracts"). Consumers
// (webhooks, the denial work queue, users' integrations) rely on this shape:
// change it only by adding a new schemaVersion.
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
  outcome: z.enum(['found', 'not_found', 'failed']),
  error: z.object({ class: z.enum(ERROR_CLASSES), message: text(), retryable: z.boolean() }).optional(),
  data: z.record(text(), z.unknown()),
  evidence: z.array(EvidenceRefV1),
  botVersion: text(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
});
export type ResultMessageV1 = z.infer<typeof ResultMessageV1>;
