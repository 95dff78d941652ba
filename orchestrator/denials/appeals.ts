// Submitting a reconsideration through the payer's portal for a work item.
// The request is one row per item (appeal_submissions): what to say, the
// appeal packet PDF to attach, and whether it is a dry run. A dry run is the
// default: it runs only when the caller asked to submit AND the portal is
// enabled for submission (PORTALBOTS_PORTAL_<ID>_SUBMIT_APPEALS).
// Idempotent by item: an item with a tracking number, or with a request whose
// job is still in flight, gets nothing queued again (the row is claimed with
// a conditional update, so two requests at once cannot both queue).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RECONSIDERATION_REASONS, type ReconsiderationReason } from '../../bots/index.ts';
import type { Db } from '../platform/db/client.ts';
import { text } from '../platform/text.ts';
import { draftAppealArgument } from './appeal-argument.ts';
import { describeCarc } from './codes-adapter.ts';
import { inputError, WorkqueueInputError } from './errors.ts';
import { resolveWorkItemRef } from './queries.ts';

export const APPEAL_TASK = 'submit-reconsideration' as const;
export const APPEAL_STATUS_TASK = 'reconsideration-status' as const;
export type AppealTask = typeof APPEAL_TASK | typeof APPEAL_STATUS_TASK;

/** States an appeal can be requested from (an appealed item is checked for its tracking number first). */
const APPEALABLE = ['new', 'assigned', 'in_progress', 'appealed'];

export const AppealRequestInput = z
  .object({
    reason: z.enum(RECONSIDERATION_REASONS).optional(),
    argument: text().trim().min(20, 'must be at least 20 characters').max(4000).optional(),
    correctedFields: z
      .object({
        procedureCode: text()
          .regex(/^[A-Z0-9]{5}$/, 'must be a 5-character procedure code')
          .optional(),
        diagnosisCode: text()
          .regex(/^[A-Z][0-9A-Z]{2}\.?[0-9A-Z]{0,4}$/, 'must be an ICD-10 code')
          .optional(),
        billedAmount: z.number().min(0).max(10_000_000).optional(),
      })
      .strict()
      .optional(),
    /** Submit for real (still a dry run unless the portal is enabled for submission). */
    submit: z.boolean().default(false),
    actor: text().trim().min(1, 'is required (who is acting)').max(200),
    now: z.date().optional(),
  })
  .strict();
export type AppealRequestInput = z.input<typeof AppealRequestInput>;

export interface AppealDeps {
  /** The claim's appeal packet PDF (the evidence store's packet API, through the audit exporter). */
  packet(
    claim: { id: string; claimNumber: string; portalId: string },
    who: { actor: string; reason: string },
    /** What the cover states as the appeal reason. */
    appealReason: string,
  ): Promise<{
    pdf: Buffer;
    fileName: string;
  }>;
  /** The platform's submit path (no deduplication window: a request is its own job). */
  submitter: {
    supports(portal: string, task: AppealTask): boolean;
    submit(portal: string, task: typeof APPEAL_TASK, claimNumber: string): Promise<{ runId: string; jobId: string }>;
  };
  /** Whether ops enabled real submission on this portal. */
  submissionEnabled(portal: string): boolean;
}

export type AppealRequestResult =
  | {
      status: 'queued';
      itemId: string;
      claimNumber: string;
      portal: string;
      dryRun: boolean;
      runId: string;
      jobId: string;
      /** Why a requested submission runs as a dry run, when it does. */
      dryRunReason?: string;
    }
  | { status: 'already_submitted'; itemId: string; claimNumber: string; portal: string; trackingNumber: string }
  | {
      status: 'in_flight';
      itemId: string;
      claimNumber: string;
      portal: string;
      runId: string | null;
      jobId: string | null;
    };

/** The reconsideration reason a work item's root cause suggests. */
export function defaultReason(rootCause: string): ReconsiderationReason {
  const byCause: Record<string, ReconsiderationReason> = {
    authorization: 'prior_authorization',
    coding: 'coding',
    'medical-necessity': 'medical_necessity',
    experimental: 'medical_necessity',
    'timely-filing': 'timely_filing',
    'coordination-of-benefits': 'coordination_of_benefits',
    duplicate: 'not_duplicate',
    contractual: 'underpayment',
    eligibility: 'corrected_claim',
  };
  return byCause[rootCause] ?? 'other';
}

/**
 * The argument the portal's form gets when the caller gave none: the same drafted text the appeal
 * packet's cover makes (appeal-argument.ts), so the payer reads one argument in both places.
 */
export function draftArgument(
  item: { primaryCarc: string | null; rationale: string | null },
  claim: { claimNumber: string; payerId: string | null; portalId: string; serviceDate: Date | null },
): string {
  return draftAppealArgument({
    claimNumber: claim.claimNumber,
    payer: claim.payerId ?? claim.portalId,
    carc: item.primaryCarc,
    carcDescription: item.primaryCarc ? describeCarc(item.primaryCarc) : null,
    serviceDate: claim.serviceDate ? claim.serviceDate.toISOString().slice(0, 10) : null,
    rationale: item.rationale,
  }).paragraphs.join('\n\n');
}

/** A claimed request that never got its job (the process died while building the packet) stops blocking after this. */
const UNQUEUED_STALE_MS = 10 * 60_000;

/**
 * A request whose job finished without a usable answer (failed / not found) no longer blocks a new one; nor
 * does one whose answer was never recorded on the row (the result follow-up failed) after UNQUEUED_STALE_MS:
 * asking again is safe, since the portal answers a second request for the claim with the first's tracking number.
 */
async function stillInFlight(db: Db, row: { jobId: string | null; requestedAt: Date }, now: Date): Promise<boolean> {
  const jobId = row.jobId;
  if (!jobId) return now.getTime() - row.requestedAt.getTime() < UNQUEUED_STALE_MS;
  const result = await db.taskResult.findUnique({ where: { jobId }, select: { outcome: true, finishedAt: true } });
  if (!result) return true;
  return result.outcome === 'found' && now.getTime() - result.finishedAt.getTime() < UNQUEUED_STALE_MS;
}

export async function requestAppeal(
  db: Db,
  deps: AppealDeps,
  ref: string,
  raw: AppealRequestInput,
): Promise<AppealRequestResult> {
  const p = AppealRequestInput.safeParse(raw);
  if (!p.success) throw inputError('appeal', p.error.issues[0]);
  const input = p.data;
  const now = input.now ?? new Date();
  const itemId = await resolveWorkItemRef(db, ref);
  const item = await db.denialWorkItem.findUniqueOrThrow({ where: { id: itemId } });
  const claim = await db.claim.findUniqueOrThrow({
    where: { id: item.claimId },
    select: { id: true, claimNumber: true, portalId: true, payerId: true, serviceDate: true },
  });
  const who = { itemId, claimNumber: claim.claimNumber, portal: claim.portalId };
  const row = await db.appealSubmission.findUnique({ where: { workItemId: itemId } });

  const tracking = row?.trackingNumber ?? (item.state === 'appealed' ? item.confirmationNumber : null);
  if (tracking) return { status: 'already_submitted', ...who, trackingNumber: tracking };
  if (!APPEALABLE.includes(item.state) || item.state === 'appealed')
    throw new WorkqueueInputError(
      item.state === 'appealed'
        ? `item: ${claim.claimNumber} is already appealed (${item.submissionChannel ?? 'no channel'}, no tracking number): record the outcome or move it back to in_progress first`
        : `item: ${claim.claimNumber} is ${item.state}; a reconsideration needs an open item (new, assigned or in_progress)`,
    );
  if (!deps.submitter.supports(claim.portalId, APPEAL_TASK))
    throw new WorkqueueInputError(`item: portal ${claim.portalId} has no ${APPEAL_TASK} task`);
  if (row?.status === 'queued' && (await stillInFlight(db, row, now)))
    return { status: 'in_flight', ...who, runId: row.runId, jobId: row.jobId };

  const reason = input.reason ?? defaultReason(item.rootCause);
  const argument = input.argument ?? draftArgument(item, claim);
  const enabled = deps.submissionEnabled(claim.portalId);
  const dryRun = !(input.submit && enabled);
  const fields = {
    portalId: claim.portalId,
    reason,
    argument,
    correctedFields: input.correctedFields ?? {},
    // Filled in once the packet is built, after the row is ours.
    packetFileName: '',
    packetPdf: new Uint8Array(),
    packetSha256: '',
    dryRun,
    status: 'queued',
    runId: null,
    jobId: null,
    requestedBy: input.actor,
    requestedAt: now,
    finishedAt: null,
  };
  // Claim the row first: only one request moves it to queued (the unique item id, or its last update
  // time), so two requests at once neither build two packets nor queue two jobs.
  const claimed = row
    ? (
        await db.appealSubmission.updateMany({
          where: { id: row.id, updatedAt: row.updatedAt, trackingNumber: null },
          data: fields,
        })
      ).count === 1
    : await db.appealSubmission.create({ data: { ...fields, workItemId: itemId, claimId: claim.id } }).then(
        () => true,
        (e: unknown) => {
          if ((e as { code?: string }).code === 'P2002') return false;
          throw e;
        },
      );
  if (!claimed) {
    const now2 = await db.appealSubmission.findUnique({ where: { workItemId: itemId } });
    if (now2?.trackingNumber) return { status: 'already_submitted', ...who, trackingNumber: now2.trackingNumber };
    return { status: 'in_flight', ...who, runId: now2?.runId ?? null, jobId: now2?.jobId ?? null };
  }
  const failed = () =>
    db.appealSubmission.update({ where: { workItemId: itemId }, data: { status: 'failed', finishedAt: new Date() } });

  let packetSha256: string;
  try {
    const packet = await deps.packet(
      claim,
      { actor: input.actor, reason: `reconsideration (${reason}): ${argument}` },
      `reconsideration: ${reason.replace(/_/g, ' ')}`,
    );
    packetSha256 = createHash('sha256').update(packet.pdf).digest('hex');
    await db.appealSubmission.update({
      where: { workItemId: itemId },
      data: { packetFileName: packet.fileName, packetPdf: new Uint8Array(packet.pdf), packetSha256 },
    });
  } catch (e) {
    await failed();
    throw e;
  }
  let queued: { runId: string; jobId: string };
  try {
    queued = await deps.submitter.submit(claim.portalId, APPEAL_TASK, claim.claimNumber);
  } catch (e) {
    await failed();
    throw e;
  }
  await db.appealSubmission.update({ where: { workItemId: itemId }, data: queued });
  const dryRunReason = !dryRun
    ? undefined
    : !input.submit
      ? 'no --submit: dry run (stops on the review page)'
      : `portal ${claim.portalId} is not enabled for submission (PORTALBOTS_PORTAL_${claim.portalId.toUpperCase().replace(/-/g, '_')}_SUBMIT_APPEALS)`;
  await db.denialWorkEvent.create({
    data: {
      workItemId: itemId,
      kind: 'appeal_requested',
      actor: input.actor,
      fromState: item.state,
      toState: item.state,
      at: now,
      note: `reconsideration ${dryRun ? 'dry run' : 'submission'} queued on ${claim.portalId} (reason ${reason})`,
      details: { runId: queued.runId, jobId: queued.jobId, dryRun, reason, packetSha256 },
    },
  });
  return { status: 'queued', ...who, dryRun, ...queued, ...(dryRunReason ? { dryRunReason } : {}) };
}
