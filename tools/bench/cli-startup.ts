// How long the CLI takes to answer, start-up included: `portalbots --help`
// and `portalbots era --help` against a bare `node -e 0`, alternating so a
// busy moment of the machine hits all three alike. The CLI runs the compiled
// build (built once before timing, as `npm ci` does).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectPath } from '../../orchestrator/platform/project-root.ts';
import { median, metric, type MetricLine } from './metrics.ts';

const run = promisify(execFile);

async function timed(args: string[]): Promise<number> {
  const t0 = performance.now();
  await run(process.execPath, args, { cwd: projectPath() });
  return performance.now() - t0;
}

export async function cliStartup(p: { runs: number; progress: (msg: string) => void }): Promise<MetricLine[]> {
  const bin = projectPath('bin', 'portalbots.mjs');
  p.progress(`CLI start-up: portalbots --help, era --help and node -e 0, ${p.runs} runs each`);
  await timed([bin, '--help']); // builds dist/ if a source changed, and warms the file cache
  const node: number[] = [];
  const help: number[] = [];
  const era: number[] = [];
  for (let i = 0; i < p.runs; i++) {
    node.push(await timed(['-e', '0']));
    help.push(await timed([bin, '--help']));
    era.push(await timed([bin, 'era', '--help']));
  }
  const baseline = median(node);
  const line = (name: string, samples: number[]) =>
    metric({
      metric: `cli-startup.${name}`,
      value: median(samples),
      unit: 'ms',
      baseline,
      ratio: baseline / median(samples),
      runs: p.runs,
      note: 'wall time, start-up included; baseline: node -e 0; target < 300 ms',
    });
  return [line('help', help), line('era-help', era)];
}
