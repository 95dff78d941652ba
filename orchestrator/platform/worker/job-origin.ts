// Only jobs the system queued are run. Anyone who can write to Redis (or an
// admin in bull-board) can add a job with any data; its result would land in
// a run, the denial work queue and an auditor's packet as if a portal had said
// it. A job is the system's when its payload is exactly the closed shape the
// submit path writes (no extra keys), its id is the id submit derives from
// that payload (so a job added under any other id is refused), and the run it
// names was recorded in PostgreSQL, before the enqueue, for the same portal
// and task (and, for a claim, a claim of that portal).
import { UnrecoverableError } from 'bullmq';
import type { Db } from '../db/client.ts';
import {
  lookupJobId,
  targetJobId,
  worklistJobId,
  type LookupJobData,
  type TargetJobData,
  type WorklistJobData,
} from '../queue/jobs.ts';
import { LookupJobPayload, TargetJobPayload, WorklistJobPayload } from '../queue/payload.ts';
import { infraStep } from './infra-retry.ts';

/** A job the system did not make: it fails for good, records nothing and runs no bot. */
export class ForeignJobError extends UnrecoverableError {
  override name = 'ForeignJobError';
}

export type SystemJob =
  | { kind: 'lookup'; data: LookupJobData; claim: { id: string; claimNumber: string; payerId: string | null } }
  | { kind: 'target'; data: TargetJobData }
  | { kind: 'worklist'; data: WorklistJobData };

function firstIssue(error: { issues: { path: PropertyKey[]; message: string; keys?: string[] }[] }): string {
  const issue = error.issues[0]!;
  const where = issue.path.length ? issue.path.map(String).join('.') : (issue.keys?.join(',') ?? '(root)');
  return `${where}: ${issue.message}`;
}

/** The job's payload and claim, or ForeignJobError when the system did not queue it. */
export async function systemJob(db: Db, jobId: string | undefined, raw: unknown): Promise<SystemJob> {
  const has = (key: string) => typeof raw === 'object' && raw !== null && key in raw;
  const parsed = has('target')
    ? TargetJobPayload.safeParse(raw)
    : has('worklistItemId')
      ? WorklistJobPayload.safeParse(raw)
      : LookupJobPayload.safeParse(raw);
  if (!parsed.success) throw new ForeignJobError(`job payload refused at ${firstIssue(parsed.error)}`);
  const data = parsed.data;
  const expectedId =
    'target' in data ? targetJobId(data) : 'worklistItemId' in data ? worklistJobId(data) : lookupJobId(data);
  if (jobId !== expectedId) throw new ForeignJobError(`job id "${jobId}" is not one the system assigns`);
  const run = await infraStep('database', 'run read', () =>
    db.run.findUnique({ where: { id: data.runId }, select: { portalId: true, task: true } }),
  );
  if (!run || run.portalId !== data.portal || run.task !== data.task)
    throw new ForeignJobError(`job names run ${data.runId}, which was not recorded for ${data.portal} ${data.task}`);
  if ('target' in data) return { kind: 'target', data };
  if ('worklistItemId' in data) {
    const item = await infraStep('database', 'worklist row read', () =>
      db.worklistItem.findUnique({ where: { id: data.worklistItemId }, select: { portalId: true } }),
    );
    if (!item) throw new UnrecoverableError(`Worklist row ${data.worklistItemId} no longer exists`);
    if (item.portalId !== data.portal)
      throw new ForeignJobError(`job names worklist row ${data.worklistItemId}, which is not a ${data.portal} row`);
    return { kind: 'worklist', data };
  }
  const claim = await infraStep('database', 'claim read', () =>
    db.claim.findUnique({
      where: { id: data.claimId },
      select: { id: true, claimNumber: true, payerId: true, portalId: true },
    }),
  );
  if (!claim) throw new UnrecoverableError(`Claim ${data.claimId} no longer exists`);
  if (claim.portalId !== data.portal)
    throw new ForeignJobError(`job names claim ${data.claimId}, which is not a ${data.portal} claim`);
  return { kind: 'lookup', data, claim: { id: claim.id, claimNumber: claim.claimNumber, payerId: claim.payerId } };
}
