// The realistic-latency mode's arithmetic and the mock's latencyMs fault: the
// physical limit a pool of accounts can reach, and per-request delays that
// stay in the range and repeat for a seed.
import { describe, expect, it } from 'vitest';
import { FULL_PLAN } from '../../../tools/bench/plan.ts';
import { LATENCY_TARGET_RATIO, meanLatencyMs, physicalLimitPerMin } from '../../../tools/bench/latency.ts';
import {
  defaultFaultState,
  latencyDelayMs,
  latencyRange,
  parseFaultsSpec,
} from '../../../mock-portals/shared/faults.ts';
import { mulberry32 } from '../../../mock-portals/shared/prng.ts';

describe('bench realistic-latency mode', () => {
  it('computes the physical limit as accounts / (pages per lookup x mean latency), per minute', () => {
    expect(meanLatencyMs(300, 800)).toBe(550);
    // 1 account, 4 pages of 550 ms: 2.2 s per lookup -> 27.27 lookups/min.
    expect(physicalLimitPerMin(1, 4, 550)).toBeCloseTo(60_000 / 2_200, 6);
    // Linear in accounts: 4 accounts reach 4x.
    expect(physicalLimitPerMin(4, 4, 550)).toBeCloseTo(4 * physicalLimitPerMin(1, 4, 550), 9);
    expect(physicalLimitPerMin(2, 3, 500)).toBe(80);
    expect(() => physicalLimitPerMin(0, 4, 550)).toThrow(RangeError);
    expect(() => meanLatencyMs(800, 300)).toThrow(/not low-high/);
  });

  it('runs 1, 2 and 4 accounts in the full plan against a 0.85 target', () => {
    expect(FULL_PLAN.latency.accounts).toEqual([1, 2, 4]);
    expect([FULL_PLAN.latency.minMs, FULL_PLAN.latency.maxMs]).toEqual([300, 800]);
    expect(LATENCY_TARGET_RATIO).toBe(0.85);
  });

  it('parses latencyMs as a range or a fixed delay and refuses a reversed one', () => {
    expect(parseFaultsSpec('latencyMs=300-800')).toEqual({ latencyMs: '300-800' });
    expect(parseFaultsSpec('{"latencyMs":250}')).toEqual({ latencyMs: 250 });
    expect(latencyRange('300-800')).toEqual({ min: 300, max: 800 });
    expect(latencyRange(250)).toEqual({ min: 250, max: 250 });
    expect(() => parseFaultsSpec('latencyMs=800-300')).toThrow(/bad fault "latencyMs"/);
    expect(() => parseFaultsSpec('latencyMs=fast')).toThrow(/bad fault "latencyMs"/);
  });

  it('draws per-request delays inside the range, seeded, with a mean near the middle', () => {
    const f = { ...defaultFaultState(), latencyMinMs: 300, latencyMaxMs: 800 };
    const a = mulberry32(7);
    const draws = Array.from({ length: 2_000 }, () => latencyDelayMs(f, a));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...draws)).toBeLessThanOrEqual(800);
    expect(new Set(draws).size).toBeGreaterThan(100);
    const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
    expect(Math.abs(mean - 550)).toBeLessThan(20);
    const b = mulberry32(7);
    expect(Array.from({ length: 20 }, () => latencyDelayMs(f, b))).toEqual(draws.slice(0, 20));
    expect(latencyDelayMs({ latencyMinMs: 400, latencyMaxMs: 400 }, a)).toBe(400);
  });
});
