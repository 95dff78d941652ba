// The enqueue path for tasks whose target is not one of our claims: a
// provider's credentialing status (by NPI) or an ERA pull (by date range).
// Same run bookkeeping, same per-portal queue, same retry policy as claim
// lookups; deduplicated within a run by job id.
import type { TaskName } from '../../../bots/index.ts';
import { JobTarget, targetJobId, type TargetJobData } from '../queue/jobs.ts';
import { assertPayload, TargetJobPayload } from '../queue/payload.ts';
import { checkSubmittable, lookupJobOptions, SubmitError, type SubmitDeps } from './submit.ts';

/** Which kind of target each non-claim task takes. */
export const TARGET_TASKS: Partial<Record<TaskName, 'npi' | 'dateRange'>> = {
  'credentialing-status': 'npi',
  'era-download': 'dateRange',
};

export interface SubmitTargetsRequest {
  portal: string;
  task: TaskName;
  targets: unknown[];
  trigger: 'cli' | 'api' | 'csv' | 'schedule' | 'demo';
  requestedBy?: string;
}

export interface SubmittedTargetRun {
  runId: string;
  jobs: { jobId: string; target: JobTarget }[];
}

export async function submitTargets(deps: SubmitDeps, req: SubmitTargetsRequest): Promise<SubmittedTargetRun> {
  checkSubmittable(deps.bots, req.portal, req.task);
  const kind = TARGET_TASKS[req.task];
  if (!kind) throw new SubmitError(`task: "${req.task}" takes claims, not ${'npi'} or date-range targets`);
  if (req.targets.length === 0) throw new SubmitError('target: at least one target is required');
  const targets = req.targets.map((t, i) => {
    const r = JobTarget.safeParse(t);
    if (!r.success)
      throw new SubmitError(`target[${i}].${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
    if ((kind === 'npi') !== 'npi' in r.data)
      throw new SubmitError(`target[${i}]: ${req.task} needs ${kind === 'npi' ? 'an NPI' : 'a date range'}`);
    if ('from' in r.data && r.data.from > r.data.to) throw new SubmitError(`target[${i}].from: must not be after to`);
    return r.data;
  });

  const run = await deps.db.run.create({
    data: {
      portalId: req.portal,
      task: req.task,
      trigger: req.trigger,
      requestedBy: req.requestedBy ?? null,
      jobCount: targets.length,
    },
  });
  const settings = deps.queueSettings;
  const seen = new Set<string>();
  const jobs = [];
  for (const target of targets) {
    const data = assertPayload(
      TargetJobPayload,
      { runId: run.id, portal: req.portal, task: req.task, target } satisfies TargetJobData,
      'target job',
    );
    const jobId = targetJobId(data);
    if (seen.has(jobId)) continue;
    seen.add(jobId);
    jobs.push({ name: req.task, data, opts: lookupJobOptions(jobId, deps.jobAttempts, settings) });
  }
  if (jobs.length !== targets.length)
    await deps.db.run.update({ where: { id: run.id }, data: { jobCount: jobs.length } });
  await deps.queueFor(req.portal).addBulk(jobs);
  return { runId: run.id, jobs: jobs.map((j) => ({ jobId: j.opts.jobId, target: j.data.target })) };
}
