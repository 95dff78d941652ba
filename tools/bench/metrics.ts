// The one output shape of `portalbots bench --json` (one object per line) and
// the small statistics every benchmark shares. Medians, not means: the box is
// shared and one slow run (another process's GC, a test suite) must not move
// the number.
import { z } from 'zod';

export const METRIC_NAMES = [
  'claim-status-throughput',
  'member-search-throughput',
  'claim-status-latency',
  'logins-per-100-lookups',
  'rss-per-context',
  'rss-leak',
  'evidence-derive',
  'evidence-bytes',
  'era-835-parse',
  'era-ingest',
  'queue-overhead',
  'cli-startup',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const MetricLine = z.object({
  /** e.g. `claim-status-throughput.c4` (metric group + variant). */
  metric: z.string().min(1),
  value: z.number().finite(),
  unit: z.string().min(1),
  /** What the same work costs without the platform (bare Playwright, x12-parser). */
  baseline: z.number().finite().optional(),
  /** value / baseline, oriented so that 1.0 means "as good as the baseline". */
  ratio: z.number().finite().optional(),
  /** How many measured runs the median is taken over. */
  runs: z.number().int().positive().optional(),
  /** Context a reader needs to trust the number (sample sizes, limits). */
  note: z.string().optional(),
});
export type MetricLine = z.infer<typeof MetricLine>;

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rounds to a few significant digits so reports stay readable. */
export function round(v: number, digits = 3): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const mag = Math.floor(Math.log10(Math.abs(v)));
  const f = 10 ** Math.max(0, digits - 1 - mag);
  return Math.round(v * f) / f;
}

export function metric(m: MetricLine): MetricLine {
  const out: MetricLine = { ...m, value: round(m.value) };
  if (m.baseline !== undefined) out.baseline = round(m.baseline);
  if (m.ratio !== undefined) out.ratio = round(m.ratio);
  return MetricLine.parse(out);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
