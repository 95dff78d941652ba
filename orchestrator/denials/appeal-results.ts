// What the worker needs to run a reconsideration job and what its result
// does to the work item. The job in Redis names only the claim: the bot input
// (reason, argument, corrected fields, the packet PDF, dry run or not; the
// tracking number for a status check) is read here from appeal_submissions.
// A submitted (or "already in progress") result moves the item to appealed
// with the tracking number as its confirmation number; a decision read by a
// status check lands as the item's outcome. All of it idempotent: a job
// delivered twice finds the item already moved.
import type { SubmitReconsiderationOutput, ReconsiderationStatusOutput } from '../../bots/index.ts';
import type { Db } from '../platform/db/client.ts';
import type { ResultFollowUp } from '../platform/worker/follow-ups.ts';
import { TaskInputMissingError, type TaskInputResolvers } from '../platform/worker/task-inputs.ts';
import { recordOutcome, transition } from './actions.ts';
import { APPEAL_STATUS_TASK, APPEAL_TASK } from './appeals.ts';

const ACTOR = 'system:appeals';

export const APPEAL_TASK_INPUTS: TaskInputResolvers = {
  [APPEAL_TASK]: async (db, claim) => {
    const row = await db.appealSubmission.findUnique({ where: { claimId: claim.id } });
    if (row?.status !== 'queued')
      throw new TaskInputMissingError(`no reconsideration request is queued for claim ${claim.id}`);
    return {
      claimNumber: claim.claimNumber,
      reason: row.reason,
      argument: row.argument,
      correctedFields: row.correctedFields,
      attachments: [{ fileName: row.packetFileName, contentBase64: Buffer.from(row.packetPdf).toString('base64') }],
      dryRun: row.dryRun,
    };
  },
  [APPEAL_STATUS_TASK]: async (db, claim) => {
    const row = await db.appealSubmission.findUnique({
      where: { claimId: claim.id },
      select: { trackingNumber: true },
    });
    if (!row?.trackingNumber)
      throw new TaskInputMissingError(`claim ${claim.id} has no reconsideration tracking number`);
    return { trackingNumber: row.trackingNumber };
  },
};

async function onSubmitted(db: Db, claimId: string, data: SubmitReconsiderationOutput, portal: string, at: Date) {
  const row = await db.appealSubmission.findUnique({ where: { claimId } });
  const item = await db.denialWorkItem.findUnique({ where: { claimId } });
  if (!row || !item) return;
  if (data.status === 'dry_run') {
    if (row.status !== 'queued') return;
    await db.appealSubmission.update({ where: { id: row.id }, data: { status: 'dry_run', finishedAt: at } });
    await db.denialWorkEvent.create({
      data: {
        workItemId: item.id,
        kind: 'appeal_dry_run',
        actor: ACTOR,
        fromState: item.state,
        toState: item.state,
        at,
        note: `reconsideration dry run on ${portal}: every step filled, stopped on the review page; nothing was submitted`,
        details: { attachments: data.attachments },
      },
    });
    return;
  }
  const tracking = data.trackingNumber as string;
  await db.appealSubmission.update({
    where: { id: row.id },
    data: { status: row.status === 'decided' ? 'decided' : 'submitted', trackingNumber: tracking, finishedAt: at },
  });
  if (item.state === 'appealed' || item.state === 'resolved' || item.state === 'written_off') return;
  if (item.state !== 'in_progress')
    await transition(db, item.id, 'in_progress', {
      actor: ACTOR,
      note: 'reconsideration submitted through the portal',
      now: at,
    });
  await transition(db, item.id, 'appealed', {
    actor: ACTOR,
    channel: 'portal',
    confirmationNumber: tracking,
    note:
      data.status === 'submitted'
        ? `reconsideration submitted on ${portal}; tracking ${tracking}`
        : `the portal already had a reconsideration in progress for this claim; tracking ${tracking}`,
    now: at,
  });
}

async function onStatus(db: Db, claimId: string, data: ReconsiderationStatusOutput, portal: string, at: Date) {
  if (data.status !== 'decided' || !data.decision) return;
  const row = await db.appealSubmission.findUnique({ where: { claimId } });
  if (!row || row.trackingNumber !== data.trackingNumber) return;
  if (row.status !== 'decided')
    await db.appealSubmission.update({
      where: { id: row.id },
      data: { status: 'decided', decision: data.decision, decidedAt: at },
    });
  const item = await db.denialWorkItem.findUnique({ where: { claimId } });
  if (item?.state !== 'appealed') return;
  await recordOutcome(db, item.id, {
    outcome: data.decision,
    ...(data.decision !== 'upheld' ? { recoveredAmount: data.approvedAmount ?? 0 } : {}),
    confirmationNumber: data.trackingNumber,
    actor: ACTOR,
    note: `reconsideration ${data.trackingNumber} decided on ${portal}: ${data.decision}${data.decisionDate ? ` (${data.decisionDate})` : ''}`,
    now: at,
  });
}

export const appealsFollowUp: ResultFollowUp = async ({ db, logger }, message, ctx) => {
  if (!ctx.claimId || (message.task !== APPEAL_TASK && message.task !== APPEAL_STATUS_TASK)) return;
  const at = new Date(message.finishedAt);
  if (message.task === APPEAL_TASK)
    await onSubmitted(db, ctx.claimId, message.data as SubmitReconsiderationOutput, message.portal, at);
  else await onStatus(db, ctx.claimId, message.data as ReconsiderationStatusOutput, message.portal, at);
  logger.info({ claimId: ctx.claimId, task: message.task }, 'reconsideration result applied');
};

/** Of these claims, those whose appeal was submitted and awaits the payer's decision. */
export async function awaitingDecision(db: Db, claimIds: string[]): Promise<Set<string>> {
  const rows = await db.appealSubmission.findMany({
    where: { claimId: { in: claimIds }, status: 'submitted', trackingNumber: { not: null } },
    select: { claimId: true },
  });
  return new Set(rows.map((r) => r.claimId));
}
