// What a found result sets in motion beyond its own row (denials to the work
// queue, 835s parsed and matched, ...). The platform runs them; the subsystems
// that own them (denials/, remittance/) provide them, and the process that
// starts a worker passes the list (orchestrator/cli/wiring.ts). Each must be
// idempotent: a job can be delivered twice.
import type { EvidenceStore } from '../../../evidence-store/index.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { ResultMessageV1 } from '../results/contract.ts';

export interface FollowUpDeps {
  db: Db;
  evidence: EvidenceStore;
  logger: Logger;
}

export interface ResultContext {
  resultId: string;
  /** Our claim the result is about; null for provider and date-range tasks. */
  claimId: string | null;
}

export type ResultFollowUp = (deps: FollowUpDeps, message: ResultMessageV1, ctx: ResultContext) => Promise<void>;
