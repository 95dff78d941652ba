// Per-portal queue settings, parsed from the environment by config.ts: how many
// lookups a worker process runs at once for a portal, how many may start per
// time window across all workers (BullMQ's limiter is global per queue), how
// long a repeated submission collapses into the existing job, and how long
// finished jobs stay in Redis. Every problem names the variable.
import { z } from 'zod';

export interface RateLimit {
  max: number;
  durationMs: number;
}

export interface PortalQueueSettings {
  concurrency: number;
  rate: RateLimit | undefined;
}

export interface QueueSettings {
  /** Per portal id (lowercase); portals not listed use `defaults`. */
  portals: Record<string, PortalQueueSettings>;
  defaults: PortalQueueSettings;
  /** Same portal + task + claim within this window is one job. 0 disables. */
  dedupWindowMs: number;
  keepCompleted: { ageSeconds: number; count: number };
  keepFailed: { ageSeconds: number; count: number };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** "90s", "15m", "2h", "7d" -> milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}

/** "10/60s" -> at most 10 job starts per 60 seconds. */
export function parseRate(text: string): RateLimit | undefined {
  const m = /^(\d+)\/(\d+(?:ms|s|m|h))$/.exec(text.trim());
  if (!m) return undefined;
  const max = Number(m[1]);
  const durationMs = parseDuration(m[2]!)!;
  return max > 0 && durationMs > 0 ? { max, durationMs } : undefined;
}

const Concurrency = z.coerce.number().int().min(1).max(64);
const PORTAL_VAR = /^PORTALBOTS_PORTAL_([A-Z0-9_]+)_(RATE|CONCURRENCY)$/;

type Env = Record<string, string | undefined>;
/** Reports a bad variable (config.ts throws a ConfigError naming it). */
export type SettingFailure = (name: string, message: string) => never;

function durationVar(env: Env, fail: SettingFailure, name: string, fallbackMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackMs;
  if (raw.trim() === '0') return 0;
  const ms = parseDuration(raw);
  if (ms === undefined) fail(name, 'must be a duration like 90s, 15m, 2h or 7d (or 0)');
  return ms;
}

function countVar(env: Env, fail: SettingFailure, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const r = z.coerce.number().int().min(1).max(10_000_000).safeParse(raw);
  if (!r.success) fail(name, 'must be a whole number from 1 to 10000000');
  return r.data;
}

export function loadQueueSettings(env: Env, defaultConcurrency: number, fail: SettingFailure): QueueSettings {
  const portals: Record<string, PortalQueueSettings> = {};
  const defaults: PortalQueueSettings = { concurrency: defaultConcurrency, rate: undefined };
  for (const [name, value] of Object.entries(env)) {
    const m = PORTAL_VAR.exec(name);
    if (!m || value === undefined || value === '') continue;
    // Portal ids are lowercase with dashes; env names can only carry underscores.
    const portal = m[1]!.toLowerCase().replace(/_/g, '-');
    const entry = (portals[portal] ??= { ...defaults });
    if (m[2] === 'RATE') {
      const rate = parseRate(value);
      if (!rate) fail(name, 'must be <max>/<window>, e.g. 10/60s, 100/1h or 5/500ms');
      entry.rate = rate;
    } else {
      const c = Concurrency.safeParse(value);
      if (!c.success) fail(name, 'must be a whole number from 1 to 64');
      entry.concurrency = c.data;
    }
  }
  return {
    portals,
    defaults,
    dedupWindowMs: durationVar(env, fail, 'PORTALBOTS_DEDUP_WINDOW', 15 * 60_000),
    keepCompleted: {
      ageSeconds: Math.round(durationVar(env, fail, 'PORTALBOTS_KEEP_COMPLETED', 7 * 86_400_000) / 1000),
      count: countVar(env, fail, 'PORTALBOTS_KEEP_COMPLETED_COUNT', 50_000),
    },
    keepFailed: {
      ageSeconds: Math.round(durationVar(env, fail, 'PORTALBOTS_KEEP_FAILED', 30 * 86_400_000) / 1000),
      count: countVar(env, fail, 'PORTALBOTS_KEEP_FAILED_COUNT', 100_000),
    },
  };
}

export function portalSettings(settings: QueueSettings, portal: string): PortalQueueSettings {
  return settings.portals[portal] ?? settings.defaults;
}

/** The BullMQ Worker options that enforce a portal's concurrency and rate (used by worker/worker.ts). */
export function workerLimits(
  settings: QueueSettings,
  portal: string,
): { concurrency: number; limiter?: { max: number; duration: number } } {
  const s = portalSettings(settings, portal);
  return {
    concurrency: s.concurrency,
    ...(s.rate ? { limiter: { max: s.rate.max, duration: s.rate.durationMs } } : {}),
  };
}
