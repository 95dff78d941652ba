// The pieces every process that runs workers puts together the same way
// (the worker verb, the demo, the bench, the tests): the follow-ups a found
// result sets in motion, owned by the subsystems that do them.
import { APPEAL_TASK_INPUTS, appealsFollowUp } from '../denials/appeal-results.ts';
import { denialsFollowUp } from '../denials/follow-up.ts';
import type { ResultFollowUp } from '../platform/worker/follow-ups.ts';
import type { TaskInputResolvers } from '../platform/worker/task-inputs.ts';
import { remittanceFollowUp } from '../remittance/follow-up.ts';

export const RESULT_FOLLOW_UPS: readonly ResultFollowUp[] = [denialsFollowUp, remittanceFollowUp, appealsFollowUp];

/** Claim tasks whose bot input is read from PostgreSQL when the job runs (reconsiderations). */
export const TASK_INPUTS: TaskInputResolvers = { ...APPEAL_TASK_INPUTS };
