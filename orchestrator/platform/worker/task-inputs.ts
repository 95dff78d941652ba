// Claim tasks whose bot input is more than the claim number (a
// reconsideration's reason, argument and packet PDF; its tracking number):
// the subsystem that owns the request provides a resolver that reads it from
// PostgreSQL when the job runs, so the job in Redis still names only the
// claim. The process that starts a worker passes them (orchestrator/cli/wiring.ts).
import type { TaskName } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';

export interface ClaimRefForInput {
  id: string;
  claimNumber: string;
}

/** The bot input for a claim job of this task; throws when the request behind it is gone. */
export type TaskInputResolver = (db: Db, claim: ClaimRefForInput) => Promise<unknown>;
export type TaskInputResolvers = Partial<Record<TaskName, TaskInputResolver>>;

/** A job whose request can no longer be read: it fails for good, no bot runs. */
export class TaskInputMissingError extends Error {
  override name = 'TaskInputMissingError';
}
