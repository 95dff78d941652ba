// Schedules: validation, maintenance windows, two orchestrator instances on
// one schedule (one fire per tick), edits without restart, sweeps that pick
// open claims and enqueue them with trigger 'schedule'.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../orchestrator/platform/logging.ts';
import { inMaintenance, parseMaintenanceWindow } from '../../../orchestrator/platform/schedules/maintenance.ts';
import { startScheduler, type Scheduler } from '../../../orchestrator/platform/schedules/scheduler.ts';
import { setSchedule } from '../../../orchestrator/platform/schedules/store.ts';
import { fireSchedule, type FireResult } from '../../../orchestrator/platform/schedules/sweep.ts';
import { calendarDay } from '../../../orchestrator/platform/schedules/targets.ts';
import { createEnv, PORTAL, REDIS_URL, sleep, testBots, type Env } from './setup.ts';

const logger = createLogger({ level: 'silent' });

describe('schedule validation', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv('schedval');
  });
  afterAll(async () => env?.close());

  it('refuses a bad cron, timezone, target selection or portal, naming the field', async () => {
    const base = { portal: PORTAL, task: 'claim-status' as const, cron: '0 6 * * *' };
    await expect(setSchedule(env.db, { ...base, cron: '0 6 * *x *' }, testBots)).rejects.toThrow(
      /^cron: is not a valid cron expression/,
    );
    await expect(setSchedule(env.db, { ...base, timezone: 'Mars/Olympus' }, testBots)).rejects.toThrow(
      /^timezone: must be an IANA timezone/,
    );
    await expect(setSchedule(env.db, { ...base, targetSelection: { maxAgeHours: -1 } }, testBots)).rejects.toThrow(
      /^targetSelection\.maxAgeHours:/,
    );
    await expect(setSchedule(env.db, { ...base, targetSelection: { maxAgeHour: 3 } }, testBots)).rejects.toThrow(
      /^targetSelection\.maxAgeHour:/,
    );
    await expect(setSchedule(env.db, { ...base, portal: 'nope' }, testBots)).rejects.toThrow(
      /^portal: unknown portal "nope"/,
    );
    await expect(setSchedule(env.db, { ...base, task: 'eligibility' }, testBots)).rejects.toThrow(
      /^task: the testportal bot does not implement eligibility \(it does: claim-status, denial-details, era-download\)/,
    );
    const s = await setSchedule(
      env.db,
      { ...base, timezone: 'America/New_York', targetSelection: { maxAgeHours: 6 } },
      testBots,
    );
    expect(s.targetSelection).toEqual({ maxAgeHours: 6, maxTargets: 500 });
    // Unique per portal x task: set again replaces.
    await setSchedule(env.db, { ...base, cron: '0 7 * * *' }, testBots);
    expect(await env.db.schedule.count()).toBe(1);
  });

  it('portalbots schedule set|list|pause|run-now|history|resume|remove', { timeout: 180_000 }, async () => {
    const exec = promisify(execFile);
    const cliEnv = {
      ...process.env,
      DATABASE_URL: env.database.url,
      REDIS_URL,
      PORTALBOTS_QUEUE_PREFIX: env.prefix,
      LOG_LEVEL: 'silent',
    };
    const cli = (...args: string[]) =>
      exec('node', ['bin/portalbots.mjs', 'schedule', ...args], { env: cliEnv }).catch(
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const bad = await cli(
      'set',
      'availity',
      'claim-status',
      '--cron',
      '0 6 * * *',
      '--maintenance',
      'Sun 01:00-03:00',
      '--timezone',
      'Nowhere/City',
    );
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/^portalbots: --timezone: must be an IANA timezone/);
    const ok = await cli(
      'set',
      'availity',
      'claim-status',
      '--cron',
      '0 6 * * 1-5',
      '--timezone',
      'America/Chicago',
      '--max-age-hours',
      '12',
      '--maintenance',
      'Sun 01:00-03:00',
      '--json',
    );
    expect(JSON.parse(ok.stdout)).toMatchObject({
      portal: 'availity',
      cron: '0 6 * * 1-5',
      timezone: 'America/Chicago',
      targetSelection: { maxAgeHours: 12 },
    });
    const list = JSON.parse((await cli('list', '--json')).stdout) as {
      schedules: { portal: string; maintenanceWindows: { spec: string }[] }[];
    };
    expect(list.schedules.find((s) => s.portal === 'availity')?.maintenanceWindows.map((w) => w.spec)).toEqual([
      'Sun 01:00-03:00',
    ]);
    // Pause, fire anyway, read the history, resume.
    expect((await cli('pause', 'availity', 'claim-status')).stdout).toContain('paused');
    expect(await env.db.schedule.findFirstOrThrow({ where: { portalId: 'availity' } })).toMatchObject({
      enabled: false,
    });
    const fired = JSON.parse((await cli('run-now', 'availity', 'claim-status', '--json')).stdout) as {
      outcome: string;
    };
    // No open claims in this schema: the sweep ran (even though paused) and found nothing to look up.
    expect(fired.outcome).toBe('no_targets');
    const history = JSON.parse((await cli('history', 'availity', 'claim-status', '--json')).stdout) as {
      fires: { outcome: string; instance: string }[];
    };
    expect(history.fires).toHaveLength(1);
    expect(history.fires[0]).toMatchObject({ outcome: 'no_targets', instance: expect.stringMatching(/^manual:/) });
    expect((await cli('resume', 'availity', 'claim-status')).stdout).toContain('resumed');
    expect(await env.db.schedule.findFirstOrThrow({ where: { portalId: 'availity' } })).toMatchObject({
      enabled: true,
    });
    expect(await cli('pause', 'uhc', 'claim-status')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/no claim-status schedule for uhc/),
    });
    expect(await cli('remove', 'availity', 'claim-status')).toMatchObject({
      stdout: expect.stringContaining('removed'),
    });
    expect(await cli('remove', 'availity', 'claim-status')).toMatchObject({ code: 2 });
  });

  it('counts ERA pull days as calendar days in the schedule timezone', () => {
    // 02:30 UTC on the 24th is still the evening of the 23rd in New York.
    expect(calendarDay(new Date('2026-11-24T02:30:00Z'), 'America/New_York')).toBe('2026-11-23');
    expect(calendarDay(new Date('2026-11-24T02:30:00Z'), 'UTC')).toBe('2026-11-24');
  });

  it('parses maintenance windows and applies them in the schedule timezone, across midnight', () => {
    expect(() => parseMaintenanceWindow('Sun 1:00-3:00')).toThrow(/expected "<days> HH:MM-HH:MM"/);
    expect(() => parseMaintenanceWindow('Sun 01:00-25:00')).toThrow(/"25:00" is not a time/);
    const sun = parseMaintenanceWindow('Sun 01:00-03:00');
    // 2026-11-22 is a Sunday. 06:30 UTC = 01:30 in New York (EST, UTC-5).
    expect(inMaintenance(new Date('2026-11-22T06:30:00Z'), 'America/New_York', [sun])).toBeDefined();
    expect(inMaintenance(new Date('2026-11-22T01:30:00Z'), 'America/New_York', [sun])).toBeUndefined();
    expect(inMaintenance(new Date('2026-11-22T01:30:00Z'), 'UTC', [sun])).toBeDefined();
    const overnight = parseMaintenanceWindow('Sat 22:00-02:00');
    expect(inMaintenance(new Date('2026-11-21T23:00:00Z'), 'UTC', [overnight])).toBeDefined(); // Sat 23:00
    expect(inMaintenance(new Date('2026-11-22T01:59:00Z'), 'UTC', [overnight])).toBeDefined(); // Sun 01:59
    expect(inMaintenance(new Date('2026-11-22T02:00:00Z'), 'UTC', [overnight])).toBeUndefined();
    expect(inMaintenance(new Date('2026-11-23T01:00:00Z'), 'UTC', [overnight])).toBeUndefined(); // Mon 01:00
    expect(parseMaintenanceWindow('Mon-Fri 12:00-13:00').days).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('firing', () => {
  let env: Env;
  const schedulers: Scheduler[] = [];
  beforeAll(async () => {
    env = await createEnv('schedfire');
  });
  afterAll(async () => {
    for (const s of schedulers) await s.close();
    await env?.close();
  });

  const submitDeps = () => ({
    queueFor: env.queues.queueFor,
    bots: testBots,
    jobAttempts: 3,
    queueSettings: env.settings,
  });
  const start = async (instanceId: string, calls: { instance: string; slot: string; result: FireResult }[]) => {
    const s = await startScheduler({
      db: env.db,
      redis: env.connect('producer'),
      keyPrefix: env.prefix,
      instanceId,
      logger,
      reloadMs: 200,
      fire: async (id, slot) => {
        const result = await fireSchedule({ db: env.db, logger, instanceId, submit: submitDeps() }, id, slot);
        calls.push({ instance: instanceId, slot: slot.toISOString(), result });
        return result;
      },
    });
    schedulers.push(s);
    return s;
  };

  it('two orchestrator instances fire each tick exactly once; the sweep enqueues due open claims', {
    timeout: 30_000,
  }, async () => {
    const now = Date.now();
    await env.db.claim.createMany({
      data: [
        { portalId: PORTAL, claimNumber: 'OPEN-NEVER-1' },
        {
          portalId: PORTAL,
          claimNumber: 'OPEN-STALE-1',
          statusCategory: 'P1',
          lastCheckedAt: new Date(now - 48 * 3600_000),
        },
        {
          portalId: PORTAL,
          claimNumber: 'OPEN-FRESH-1',
          statusCategory: 'A1',
          lastCheckedAt: new Date(now - 3600_000),
        },
        {
          portalId: PORTAL,
          claimNumber: 'FINAL-PAID-1',
          statusCategory: 'F1',
          lastCheckedAt: new Date(now - 48 * 3600_000),
        },
      ],
    });
    const sched = await setSchedule(
      env.db,
      {
        portal: PORTAL,
        task: 'claim-status',
        cron: '* * * * * *',
        targetSelection: { maxAgeHours: 24 },
      },
      testBots,
    );
    const calls: { instance: string; slot: string; result: FireResult }[] = [];
    const a = await start('orch-a', calls);
    const b = await start('orch-b', calls);
    await expect.poll(() => calls.length, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    await a.close();
    await b.close();

    const slots = calls.map((c) => c.slot);
    expect(slots.length).toBeGreaterThanOrEqual(2);
    // The Redis election let exactly one instance run each slot (the DB unique key never had to step in).
    expect(new Set(slots).size).toBe(slots.length);
    expect(calls.every((c) => c.result.outcome === 'enqueued')).toBe(true);
    const fires = await env.db.scheduleFire.findMany({ where: { scheduleId: sched.id } });
    expect(fires).toHaveLength(slots.length);

    const first = calls[0]!.result;
    const run = await env.db.run.findUniqueOrThrow({ where: { id: first.runId! } });
    expect(run.trigger).toBe('schedule');
    expect(run.requestedBy).toBe(`schedule:${sched.id}`);
    const picked = await env.db.runJob.findMany({ where: { runId: run.id } });
    const claims = await env.db.claim.findMany({ where: { id: { in: picked.map((p) => p.claimId) } } });
    expect(claims.map((c) => c.claimNumber).sort()).toEqual(['OPEN-NEVER-1', 'OPEN-STALE-1']);
    // Later ticks collapse into the same jobs (dedup window), so the queue holds one job per claim.
    const counts = await env.queues.queueFor(PORTAL).getJobCounts('waiting');
    expect(counts.waiting).toBe(2);
    await env.db.schedule.delete({ where: { id: sched.id } });
  });

  it('a schedule edit takes effect without a restart; disabling stops it', { timeout: 30_000 }, async () => {
    const calls: { instance: string; slot: string; result: FireResult }[] = [];
    const sched = await setSchedule(env.db, { portal: PORTAL, task: 'denial-details', cron: '0 0 1 1 *' }, testBots);
    const s = await start('orch-c', calls);
    expect(s.armed().has(sched.id)).toBe(true);
    await sleep(1_200);
    expect(calls).toHaveLength(0);

    await setSchedule(env.db, { portal: PORTAL, task: 'denial-details', cron: '* * * * * *' }, testBots);
    await expect.poll(() => calls.length, { timeout: 5_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    expect(calls[0]!.result.outcome).toBe('no_targets');

    await setSchedule(
      env.db,
      { portal: PORTAL, task: 'denial-details', cron: '* * * * * *', enabled: false },
      testBots,
    );
    await expect.poll(() => s.armed().has(sched.id), { timeout: 5_000, interval: 100 }).toBe(false);
    const disarmedAt = Date.now();
    await sleep(1_500);
    // A firing already under way may still finish; no slot after the disarm fires.
    expect(calls.filter((c) => Date.parse(c.slot) > disarmedAt)).toEqual([]);
    await s.close();
  });

  it('a maintenance window suppresses firing: logged, nothing enqueued', { timeout: 30_000 }, async () => {
    const now = new Date();
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const from = new Date(now.getTime() - 60_000);
    const to = new Date(now.getTime() + 5 * 60_000);
    const window = `daily ${hhmm(from)}-${hhmm(to)}`;
    const sched = await setSchedule(
      env.db,
      {
        portal: PORTAL,
        task: 'claim-status',
        cron: '* * * * * *',
        timezone: 'UTC',
        maintenanceWindows: [parseMaintenanceWindow(window)],
      },
      testBots,
    );
    const runsBefore = await env.db.run.count();
    const calls: { instance: string; slot: string; result: FireResult }[] = [];
    const s = await start('orch-d', calls);
    await expect.poll(() => calls.length, { timeout: 10_000, interval: 100 }).toBeGreaterThanOrEqual(2);
    await s.close();
    expect(calls.every((c) => c.result.outcome === 'suppressed_maintenance')).toBe(true);
    expect(await env.db.run.count()).toBe(runsBefore);
    const fires = await env.db.scheduleFire.findMany({ where: { scheduleId: sched.id } });
    expect(fires.length).toBeGreaterThanOrEqual(2);
    expect(fires.every((f) => f.outcome === 'suppressed_maintenance' && f.detail?.includes(window))).toBe(true);
  });

  it('an era-download schedule enqueues one date-range job for the days since the last pull', async () => {
    const sched = await setSchedule(
      env.db,
      {
        portal: PORTAL,
        task: 'era-download',
        cron: '0 5 * * *',
        targetSelection: { maxLookbackDays: 3 },
      },
      testBots,
    );
    // Targets are picked as of the firing (not the wall clock), in the schedule's timezone.
    const firedAt = new Date('2026-11-23T05:00:00Z');
    const r = await fireSchedule(
      { db: env.db, logger, instanceId: 'x', submit: submitDeps(), now: () => firedAt },
      sched.id,
      firedAt,
    );
    expect(r.outcome).toBe('enqueued');
    expect(r.targetCount).toBe(1);
    const jobs = await env.queues.queueFor(PORTAL).getJobs(['waiting', 'delayed', 'prioritized']);
    const job = jobs.find((j) => (j.data as { runId?: string }).runId === r.runId);
    expect(job?.data).toMatchObject({
      task: 'era-download',
      target: { from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), to: '2026-11-23' },
    });
    expect(Object.keys(job!.data as object).sort()).toEqual(['portal', 'runId', 'target', 'task']);
    // The same slot again (e.g. a second instance past a lost Redis lock) is refused by the fire log.
    const again = await fireSchedule(
      { db: env.db, logger, instanceId: 'y', submit: submitDeps() },
      sched.id,
      new Date('2026-11-23T05:00:00Z'),
    );
    expect(again.outcome).toBe('duplicate');
  });
});
