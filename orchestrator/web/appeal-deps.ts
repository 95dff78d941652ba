// What a reconsideration request needs from the process it runs in (the CLI
// verb, the API route): the appeal packet from the evidence store, the one
// submit path, and the per-portal switch that allows real submission.
import type { BotDefinition } from '../../bots/index.ts';
import type { EvidenceStore } from '../../evidence-store/index.ts';
import { appealPacketBytes } from '../audit/appeal-packet.ts';
import type { AppealDeps } from '../denials/appeals.ts';
import { draftAppealArgument } from '../denials/index.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/client.ts';
import { submitLookups } from '../platform/runs/submit.ts';
import type { Queue } from 'bullmq';

export class EvidenceUnavailableError extends Error {
  override name = 'EvidenceUnavailableError';
}

export function appealDeps(opts: {
  db: Db;
  evidence: EvidenceStore | undefined;
  queueFor(portal: string): Queue;
  bots: Record<string, BotDefinition>;
  config: Pick<Config, 'jobAttempts' | 'queues' | 'submitReconsideration'>;
  trigger: 'cli' | 'api';
  requestedBy: string;
}): AppealDeps {
  const { db, config } = opts;
  return {
    packet: async (claim, who, appealReason) => {
      if (!opts.evidence) throw new EvidenceUnavailableError('the evidence store is not configured on this server');
      return appealPacketBytes(db, opts.evidence, claim, who, { draftArgument: draftAppealArgument, appealReason });
    },
    submitter: {
      supports: (portal, task) => Boolean(opts.bots[portal]?.tasks[task]),
      submit: async (portal, task, claimNumber) => {
        const run = await submitLookups(
          // No deduplication window: joining a finished dry run would answer a real submission with it.
          {
            db,
            queueFor: opts.queueFor,
            bots: opts.bots,
            jobAttempts: config.jobAttempts,
            queueSettings: { ...config.queues, dedupWindowMs: 0 },
          },
          { portal, task, claimNumbers: [claimNumber], trigger: opts.trigger, requestedBy: opts.requestedBy },
        );
        return { runId: run.runId, jobId: run.jobs[0]!.jobId };
      },
    },
    submissionEnabled: (portal) => (config.submitReconsideration ?? []).includes(portal),
  };
}
