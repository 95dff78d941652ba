// Per-portal rate limit and concurrency: two BullMQ workers (as two worker
// processes would) built with the same options the real worker uses
// (workerLimits) share one queue; job starts must respect the portal's rate
// across both of them.
import { type Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalQueueName } from '../../../orchestrator/platform/queue/jobs.ts';
import { queueSettingsFrom } from '../../../orchestrator/platform/config.ts';
import { parseRate, workerLimits } from '../../../orchestrator/platform/queue/settings.ts';
import { createEnv, PORTAL, sleep, type Env } from './setup.ts';

describe('per-portal queue settings from the environment', () => {
  it('reads rate and concurrency per portal, defaults for others', () => {
    const s = queueSettingsFrom(
      { PORTALBOTS_PORTAL_UHC_RATE: '10/60s', PORTALBOTS_PORTAL_UHC_CONCURRENCY: '3', PORTALBOTS_DEDUP_WINDOW: '5m' },
      2,
    );
    expect(workerLimits(s, 'uhc')).toEqual({ concurrency: 3, limiter: { max: 10, duration: 60_000 } });
    expect(workerLimits(s, 'availity')).toEqual({ concurrency: 2 });
    expect(s.dedupWindowMs).toBe(300_000);
    expect(parseRate('5/500ms')).toEqual({ max: 5, durationMs: 500 });
  });

  it('names the variable that is wrong', () => {
    expect(() => queueSettingsFrom({ PORTALBOTS_PORTAL_UHC_RATE: '10 per minute' }, 2)).toThrow(
      /^Invalid environment variable PORTALBOTS_PORTAL_UHC_RATE: must be <max>\/<window>/,
    );
    expect(() => queueSettingsFrom({ PORTALBOTS_PORTAL_UHC_RATE: '0/60s' }, 2)).toThrow(/PORTALBOTS_PORTAL_UHC_RATE/);
    expect(() => queueSettingsFrom({ PORTALBOTS_PORTAL_CAQH_CONCURRENCY: '0' }, 2)).toThrow(
      /^Invalid environment variable PORTALBOTS_PORTAL_CAQH_CONCURRENCY: must be a whole number/,
    );
    expect(() => queueSettingsFrom({ PORTALBOTS_DEDUP_WINDOW: 'soon' }, 2)).toThrow(/PORTALBOTS_DEDUP_WINDOW/);
    expect(() => queueSettingsFrom({ PORTALBOTS_KEEP_FAILED: '-1d' }, 2)).toThrow(/PORTALBOTS_KEEP_FAILED/);
  });
});

describe('rate limit across two workers', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv('rate', {
      PORTALBOTS_PORTAL_TESTPORTAL_RATE: '3/1000ms',
      PORTALBOTS_PORTAL_TESTPORTAL_CONCURRENCY: '4',
    });
  });
  afterAll(async () => env?.close());

  it('starts at most 3 jobs per second in total, and never more than 4 at once per worker', {
    timeout: 30_000,
  }, async () => {
    const starts: number[] = [];
    const inFlight = new Map<string, number>();
    let maxInFlight = 0;
    const make = (name: string) =>
      new Worker(
        portalQueueName(PORTAL),
        async () => {
          starts.push(Date.now());
          const n = (inFlight.get(name) ?? 0) + 1;
          inFlight.set(name, n);
          maxInFlight = Math.max(maxInFlight, n);
          await sleep(50);
          inFlight.set(name, inFlight.get(name)! - 1);
        },
        { connection: env.connect(), prefix: env.prefix, ...workerLimits(env.settings, PORTAL), autorun: false },
      );
    expect(workerLimits(env.settings, PORTAL)).toEqual({ concurrency: 4, limiter: { max: 3, duration: 1000 } });
    const queue: Queue = env.queues.queueFor(PORTAL);
    await queue.addBulk(Array.from({ length: 9 }, (_, i) => ({ name: 'claim-status', data: { i } })));
    const workers = [make('a'), make('b')];
    const t0 = Date.now();
    for (const w of workers) void w.run();
    await expect.poll(() => starts.length, { timeout: 20_000, interval: 50 }).toBe(9);
    await Promise.all(workers.map((w) => w.close()));

    starts.sort((a, b) => a - b);
    // Any 4 consecutive starts span at least one window. The limiter counts when Redis hands a job out; the
    // handler's clock reads later by however long the worker's event loop took to get to it, which on a loaded
    // 2-core CI machine was 67 ms. Without the limiter the 4 starts land within a few milliseconds, so 750 still
    // catches a limiter that does not hold.
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(750);
    // 9 jobs at 3 per second: the last cannot start before ~2 s.
    expect(starts[8]! - t0).toBeGreaterThanOrEqual(1900);
    expect(maxInFlight).toBeLessThanOrEqual(4);
  });
});
