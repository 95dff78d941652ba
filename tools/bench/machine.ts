// What machine the numbers come from, and how much memory a process tree
// (Node plus its Chromium children) holds. The tree's memory is read from /proc
// because Chromium's renderers are separate processes that Node's own
// process.memoryUsage() never sees.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Browser } from 'playwright';
import { chromiumExecutablePath, launchBrowser } from '../../bots/index.ts';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  chromium: string;
  loadAverage: [number, number, number];
}

export async function machineInfo(): Promise<MachineInfo> {
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    ramGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    node: process.version,
    chromium: await chromiumVersion(),
    loadAverage: loadAverage(),
  };
}

export function loadAverage(): [number, number, number] {
  const [a, b, c] = os.loadavg();
  return [a ?? 0, b ?? 0, c ?? 0].map((v) => Math.round(v * 100) / 100) as [number, number, number];
}

async function chromiumVersion(): Promise<string> {
  const exe = chromiumExecutablePath();
  if (!exe) return 'Playwright bundled Chromium';
  try {
    const { stdout } = await promisify(execFile)(exe, ['--version'], { timeout: 10_000 });
    return stdout.trim().split('\n').pop() ?? 'unknown';
  } catch {
    return `unknown (${exe})`;
  }
}

/**
 * Memory in bytes of `pid` and every descendant (Linux /proc). Counted as PSS
 * (smaps_rollup): Chromium's processes share most of their pages, and summing
 * plain RSS would count those pages once per process. Falls back to VmRSS
 * where PSS is unreadable, and to Node's own RSS off Linux. Subtrees rooted
 * at `exclude` (the bench's mock portal process) are not counted.
 */
export async function treeRss(pid = process.pid, exclude: ReadonlySet<number> = new Set()): Promise<number> {
  const m = await treeMemory(pid, exclude);
  return m.node + m.chromium + m.other;
}

/** treeRss split by who holds it: this Node process, Chromium's processes, other descendants (the derive process). */
export interface TreeMemory {
  node: number;
  chromium: number;
  other: number;
}

export async function treeMemory(pid = process.pid, exclude: ReadonlySet<number> = new Set()): Promise<TreeMemory> {
  if (process.platform !== 'linux') return { node: process.memoryUsage.rss(), chromium: 0, other: 0 };
  const parent = new Map<number, number>();
  const command = new Map<number, string>();
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may contain spaces, so split after ')'.
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      command.set(Number(name), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (p: number): boolean => {
    for (
      let cur: number | undefined = p, hops = 0;
      cur !== undefined && cur > 0 && hops < 64;
      cur = parent.get(cur), hops++
    ) {
      if (exclude.has(cur)) return false;
      if (cur === pid) return true;
    }
    return false;
  };
  const out: TreeMemory = { node: 0, chromium: 0, other: 0 };
  for (const p of parent.keys()) {
    if (!inTree(p)) continue;
    const bytes = await processMemory(p);
    if (p === pid) out.node += bytes;
    else if (/chrom|headless_shell/i.test(command.get(p) ?? '')) out.chromium += bytes;
    else out.other += bytes;
  }
  if (out.node === 0) out.node = process.memoryUsage.rss();
  return out;
}

async function processMemory(pid: number): Promise<number> {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // Not readable (older kernel, or the process ended): try VmRSS.
  }
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples treeRss every `intervalMs` until stopped; returns the peak seen. */
export function rssSampler(intervalMs = 500, exclude: ReadonlySet<number> = new Set()): { stop(): Promise<number> } {
  let peak = 0;
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();
  const tick = () => {
    pending = treeRss(process.pid, exclude).then((v) => {
      if (v > peak) peak = v;
    });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      if (stopped) return peak;
      stopped = true;
      clearInterval(timer);
      await pending;
      tick();
      await pending;
      return peak;
    },
  };
}

/**
 * Chromium for the bench. Playwright's own signal handlers are off: on Ctrl-C
 * it would exit the process before the bench removed its throwaway schema and
 * queue keys; the bench's handler aborts, and every phase closes its browser.
 */
export function benchBrowser(): Promise<Browser> {
  return launchBrowser({ handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}
