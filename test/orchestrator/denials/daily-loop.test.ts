// The daily loop with an injected clock over three weeks: an item past its
// SLA is escalated to its team lead, urgency rises as the appeal deadline
// approaches, and an appealed claim's scheduled re-check is queued on the real
// submit path (real Redis queue, real PostgreSQL); when that lookup's result
// comes back paid, the appeal is resolved as overturned with no one touching it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getWorkItem,
  ingestClaimStatusResult,
  listWorkItems,
  transition,
} from '../../../orchestrator/denials/index.ts';
import { type FollowUpSubmitter, RECHECK_DAYS, runDailyLoop } from '../../../orchestrator/denials/daily-loop.ts';
import { submitLookups } from '../../../orchestrator/platform/runs/submit.ts';
import { startDenialsDaily } from '../../../orchestrator/denials/daily-service.ts';
import { createLogger } from '../../../orchestrator/platform/logging.ts';
import { createEnv, type Env, PORTAL, testBots } from '../platform/setup.ts';
import { denied, statusData } from './fixtures.ts';

const T0 = new Date('2026-11-02T10:00:00Z'); // a Monday
const day = (n: number, hour = 10) => new Date(T0.getTime() + n * 86_400_000 + (hour - 10) * 3_600_000);

describe('denials daily loop (time travel)', () => {
  let env: Env;
  let submitter: FollowUpSubmitter;
  const submitted: { task: string; claimNumbers: string[] }[] = [];
  let appealed: string;
  let soft: string;
  let appealedClaim: string;

  beforeAll(async () => {
    env = await createEnv('denials_daily');
    submitter = {
      supports: (portal, task) =>
        Boolean((testBots as Record<string, (typeof testBots)[typeof PORTAL]>)[portal]?.tasks[task]),
      async submit(portal, task, claimNumbers) {
        submitted.push({ task, claimNumbers });
        const run = await submitLookups(
          {
            db: env.db,
            queueFor: env.queues.queueFor,
            bots: testBots,
            jobAttempts: 3,
            queueSettings: env.settings,
          },
          { portal, task, claimNumbers, trigger: 'schedule', requestedBy: 'denials-daily' },
        );
        return { runId: run.runId };
      },
    };
    const claim = async (n: string) =>
      (await env.db.claim.create({ data: { portalId: PORTAL, payerId: 'aetna', claimNumber: n } })).id;
    appealedClaim = await claim('APL-1');
    const softClaim = await claim('SFT-1');
    appealed = (
      await ingestClaimStatusResult(
        env.db,
        { claimId: appealedClaim, payerId: 'aetna', observedAt: T0, data: denied('50', 2000) },
        { now: T0 },
      )
    ).itemId!;
    soft = (
      await ingestClaimStatusResult(
        env.db,
        { claimId: softClaim, payerId: 'aetna', observedAt: T0, data: denied('16', 500, { claimNumber: 'SFT-1' }) },
        { now: T0 },
      )
    ).itemId!;
    await transition(env.db, appealed, 'in_progress', { actor: 'biller-1', now: T0 });
    await transition(env.db, appealed, 'appealed', {
      actor: 'biller-1',
      channel: 'portal',
      confirmationNumber: 'RC-100',
      now: day(1),
    });
  }, 60_000);

  afterAll(async () => {
    await env?.close();
  });

  it('day 2: nothing overdue, nothing due', async () => {
    const r = await runDailyLoop(env.db, submitter, day(2));
    expect(r.escalations).toEqual([]);
    expect(r.followUps).toEqual([]);
    expect(submitted).toEqual([]);
  });

  it('day 8: the soft denial past its 5-business-day SLA goes to the coding lead, and scores rise', async () => {
    const before = await getWorkItem(env.db, soft, day(8));
    const r = await runDailyLoop(env.db, submitter, day(8));
    expect(
      r.escalations.map((e) => ({ itemId: e.itemId, to: e.escalatedTo, team: e.team, claim: e.claimNumber })),
    ).toEqual([{ itemId: soft, to: 'coding-lead', team: 'coding', claim: 'SFT-1' }]);
    expect(r.rescored).toBeGreaterThanOrEqual(1);
    const after = await getWorkItem(env.db, soft, day(8));
    expect(after.urgency).toBeGreaterThan(before.urgency);
    expect(after.priorityScore).toBeGreaterThan(before.priorityScore);
    expect(after.escalationLevel).toBe(1);
    expect(after.history.at(-1)).toMatchObject({ kind: 'escalation', actor: 'system:sla' });
    // What the team lead's dashboard view (Escalated only) lists.
    expect((await listWorkItems(env.db, { escalated: true, now: day(8) })).map((i) => i.id)).toEqual([soft]);
    expect(r.followUps).toEqual([]); // the appeal's follow-up is due on day 15
  });

  it('day 15: the appealed claim’s re-check is queued (claim status and denial details) and the next one set', async () => {
    const r = await runDailyLoop(env.db, submitter, day(15));
    expect(r.followUps.map((f) => [f.task, f.claimNumbers])).toEqual([
      ['claim-status', ['APL-1']],
      ['denial-details', ['APL-1']],
    ]);
    const jobs = await env.queues.queueFor(PORTAL).getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.map((j) => [j.name, j.data.claimId]).sort()).toEqual([
      ['claim-status', appealedClaim],
      ['denial-details', appealedClaim],
    ]);
    const item = await getWorkItem(env.db, appealed, day(15));
    expect(item.state).toBe('appealed');
    expect(item.followUpAt).toBe(day(15 + RECHECK_DAYS).toISOString());
    expect(item.history.at(-1)).toMatchObject({ kind: 'follow_up', actor: 'system:daily' });
    // The same day again: nothing new is queued.
    expect((await runDailyLoop(env.db, submitter, day(15, 18))).followUps).toEqual([]);
  });

  it('day 16: the re-check finds the claim paid and the appeal lands as overturned', async () => {
    // What the worker's result follow-up (denials/follow-up.ts) does with the queued lookup's result.
    const r = await ingestClaimStatusResult(
      env.db,
      {
        claimId: appealedClaim,
        payerId: 'aetna',
        observedAt: day(16),
        data: statusData({
          claimNumber: 'APL-1',
          paidAmount: 1800,
          allowedAmount: 1800,
          billedAmount: 2000,
          patientResponsibility: 0,
          adjustments: [{ group: 'CO', carc: '45', amount: 200 }],
        }),
      },
      { now: day(16) },
    );
    expect(r.action).toBe('resolved');
    const item = await getWorkItem(env.db, appealed, day(16));
    expect(item).toMatchObject({ state: 'resolved', outcome: 'overturned', recoveredAmount: 1800 });
    const later = await runDailyLoop(env.db, submitter, day(23));
    expect(later.followUps).toEqual([]); // resolved items are not re-checked
  });

  it('armed on two orchestrators, each cron slot runs on exactly one (the schedules’ Redis lock)', async () => {
    const runs: { instance: string; at: string }[] = [];
    const logger = createLogger({ level: 'silent', name: 'test' });
    const services = ['orch-a', 'orch-b'].map((instanceId) =>
      startDenialsDaily({
        db: env.db,
        redis: env.redis,
        keyPrefix: env.prefix,
        instanceId,
        logger,
        cron: '* * * * * *',
        timezone: 'UTC',
        submitter,
        onRun: (r) => runs.push({ instance: instanceId, at: r.at }),
      }),
    );
    await new Promise((r) => setTimeout(r, 3500));
    for (const s of services) await s.close();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const slots = runs.map((r) => r.at.slice(0, 19));
    expect(new Set(slots).size).toBe(slots.length);
  });
});
