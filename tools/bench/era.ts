// 835 parsing speed and memory: our streaming parser (full parse into
// transactions, claims, adjustments) against x12-parser merely tokenizing the
// same file into segments. Each parse runs in a child process of its own so
// the peak RSS is that parser's and nothing left over from earlier work.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { projectPath } from '../../orchestrator/platform/project-root.ts';
import { generate835File } from './era-files.ts';
import { median, metric, type MetricLine } from './metrics.ts';

// From the project root: the compiled CLI runs from dist/, where there is no era-child.ts.
const CHILD = projectPath('tools/bench/era-child.ts');
const ChildResult = z.object({
  mbPerSecond: z.number().positive(),
  mbPerCpuSecond: z.number().positive(),
  peakRssMb: z.number().positive(),
  baselineRssMb: z.number().positive(),
  seconds: z.number().positive(),
  units: z.number().int().positive(),
});
type ChildResult = z.infer<typeof ChildResult>;

export class EraBenchError extends Error {
  override name = 'EraBenchError';
}

async function child(mode: 'portalbots' | 'x12-parser', file: string): Promise<ChildResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, mode, file], {
    timeout: 600_000,
    maxBuffer: 1 << 20,
  });
  const parsed = ChildResult.safeParse(JSON.parse(stdout.trim().split('\n').pop() ?? 'null'));
  if (!parsed.success)
    throw new EraBenchError(
      `835 bench child (${mode}) printed an invalid result: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`,
    );
  return parsed.data;
}

export async function era835(p: {
  megabytes: number;
  runs: number;
  progress(msg: string): void;
}): Promise<MetricLine[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-bench-835-'));
  try {
    const file = path.join(dir, 'bench.835');
    p.progress(`835: generating ${p.megabytes} MB, then ${p.runs} parse(s) each with portalbots and x12-parser`);
    const g = await generate835File(file, p.megabytes);
    const ours: ChildResult[] = [];
    const theirs: ChildResult[] = [];
    for (let r = 0; r < p.runs; r++) {
      ours.push(await child('portalbots', file));
      theirs.push(await child('x12-parser', file));
    }
    const speed = median(ours.map((r) => r.mbPerSecond));
    const baseSpeed = median(theirs.map((r) => r.mbPerSecond));
    const cpuSpeed = median(ours.map((r) => r.mbPerCpuSecond));
    const baseCpuSpeed = median(theirs.map((r) => r.mbPerCpuSecond));
    const mem = median(ours.map((r) => r.peakRssMb - r.baselineRssMb));
    const baseMem = median(theirs.map((r) => r.peakRssMb - r.baselineRssMb));
    const what = `${(g.bytes / 1e6).toFixed(0)} MB file, ${g.transactions} transactions, ${g.claims} claims; portalbots parses fully (claims, adjustments, amounts), x12-parser only tokenizes segments`;
    return [
      metric({
        metric: 'era-835-parse.speed',
        value: speed,
        unit: 'MB/s',
        baseline: baseSpeed,
        ratio: speed / baseSpeed,
        runs: p.runs,
        note: what,
      }),
      metric({
        metric: 'era-835-parse.speed-per-cpu',
        value: cpuSpeed,
        unit: 'MB/CPU-s',
        baseline: baseCpuSpeed,
        ratio: cpuSpeed / baseCpuSpeed,
        runs: p.runs,
        note: 'MB parsed per second of CPU time (user + system, GC included): the figure to read when other processes share the CPU',
      }),
      metric({
        metric: 'era-835-parse.peak-memory',
        value: mem,
        unit: 'MB',
        baseline: baseMem,
        // Oriented like the others: above 1 means less memory than the baseline.
        ratio: baseMem / Math.max(mem, 0.1),
        runs: p.runs,
        note: 'peak RSS growth over the process baseline while parsing (separate process per parse); ratio = baseline / value',
      }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
