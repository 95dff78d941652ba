// The derivation queue waits for a pause in foreground writes, starts anyway
// once its backlog is too long, and drains at once when asked to.
import { describe, expect, it } from 'vitest';
import { TaskQueue } from '../../evidence-store/derive/queue.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder() {
  const done: number[] = [];
  return { done, task: (n: number) => async () => void done.push(n) };
}

describe('TaskQueue', () => {
  it('starts at once without a quiet period', async () => {
    const q = new TaskQueue({ concurrency: 1, onError: () => undefined });
    const r = recorder();
    q.push(r.task(1));
    await sleep(20);
    expect(r.done).toEqual([1]);
  });

  it('holds tasks while activity continues and runs them after the quiet period', async () => {
    const q = new TaskQueue({ concurrency: 1, onError: () => undefined, quietMs: 150 });
    const r = recorder();
    q.activity();
    q.push(r.task(1));
    q.push(r.task(2));
    for (let i = 0; i < 4; i++) {
      await sleep(60);
      q.activity(); // captures keep coming
      expect(r.done).toEqual([]);
    }
    expect(q.backlog).toBe(2);
    await sleep(250);
    expect(r.done).toEqual([1, 2]);
    expect(q.size).toBe(0);
  });

  it('starts anyway once the backlog passes its limit', async () => {
    const q = new TaskQueue({ concurrency: 1, onError: () => undefined, quietMs: 60_000, maxBacklog: 2 });
    const r = recorder();
    q.activity();
    for (let i = 1; i <= 3; i++) q.push(r.task(i));
    await sleep(30);
    // Only the excess over the limit runs; the rest still waits for quiet.
    expect(r.done).toEqual([1]);
    expect(q.backlog).toBe(2);
  });

  it('whenIdle drains a waiting queue at once and reports errors without stopping', async () => {
    const errors: unknown[] = [];
    const q = new TaskQueue({ concurrency: 1, onError: (e) => errors.push(e), quietMs: 60_000 });
    const r = recorder();
    q.activity();
    q.push(r.task(1));
    q.push(async () => {
      throw new Error('sharp failed');
    });
    q.push(r.task(3));
    const t0 = Date.now();
    await q.whenIdle();
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r.done).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
    // After draining, the queue waits for quiet again.
    q.push(r.task(4));
    await sleep(30);
    expect(r.done).toEqual([1, 3]);
    await q.whenIdle();
    expect(r.done).toEqual([1, 3, 4]);
  });
});
