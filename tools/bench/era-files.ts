// 835 parser benchmark helpers (wired into `portalbots bench` by the CLI
// owner). generate835File writes a large valid 835 through the mock-portal
// writer; bench835File parses it streaming and reports MB/s and peak RSS.
import { createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Era835Writer } from '../../x12/write.ts';
import { scan835File } from '../../x12/parse.ts';
import { mulberry32, randomTransaction } from '../../x12/sample.ts';

export interface GenerateResult {
  path: string;
  bytes: number;
  transactions: number;
  claims: number;
  seconds: number;
}

/**
 * Write a valid 835 of about `megabytes` MB: one interchange per ~1000
 * transactions (so envelopes are exercised too), 50 claims per transaction.
 */
export async function generate835File(path: string, megabytes: number, seed = 835): Promise<GenerateResult> {
  const t0 = performance.now();
  const target = megabytes * 1e6;
  const rng = mulberry32(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const w = new Era835Writer({ lineBreak: '\n' });
  let bytes = 0;
  let transactions = 0;
  let claims = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  while (bytes < target) {
    let batch = w.interchangeHeader() + w.groupHeader();
    for (let i = 0; i < 1000 && bytes + batch.length < target; i++) {
      const tx = randomTransaction(rng, String(++transactions).padStart(9, '0'), 50);
      claims += tx.claims.length;
      batch += w.transaction(tx);
      if (batch.length > 1 << 20) {
        await write(batch);
        batch = '';
      }
    }
    await write(batch + w.groupTrailer() + w.interchangeTrailer());
  }
  out.end();
  await once(out, 'finish');
  return { path, bytes, transactions, claims, seconds: (performance.now() - t0) / 1000 };
}

export interface BenchResult {
  bytes: number;
  seconds: number;
  mbPerSecond: number;
  /** CPU time (user + system, all threads incl. GC) spent parsing. */
  cpuSeconds: number;
  /** Throughput per CPU second: comparable across runs on a busy machine. */
  mbPerCpuSecond: number;
  /** Highest RSS sampled during the parse, MB. */
  peakRssMb: number;
  /** RSS before parsing started, MB (peak minus this is what parsing cost). */
  baselineRssMb: number;
  transactions: number;
  claims: number;
}

/** Parse `path` streaming, discarding transactions, sampling RSS as it goes. */
export async function bench835File(path: string): Promise<BenchResult> {
  const { size } = await stat(path);
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await scan835File(path, () => {
    if ((++n & 63) === 0) {
      const rss = process.memoryUsage.rss();
      if (rss > peak) peak = rss;
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    bytes: size,
    seconds,
    mbPerSecond: size / 1e6 / seconds,
    cpuSeconds,
    mbPerCpuSecond: size / 1e6 / cpuSeconds,
    peakRssMb: peak / 1e6,
    baselineRssMb: baseline / 1e6,
    transactions: r.transactions,
    claims: r.claims,
  };
}

/** Generate a temporary file of `megabytes` MB, benchmark it, delete it. */
export async function runEra835Bench(
  megabytes = 100,
  dir = tmpdir(),
): Promise<BenchResult & { generateSeconds: number }> {
  const path = join(dir, `portalbots-bench-${process.pid}-${Date.now()}.835`);
  try {
    const g = await generate835File(path, megabytes);
    const r = await bench835File(path);
    return { ...r, generateSeconds: g.seconds };
  } finally {
    await unlink(path).catch(() => {});
  }
}
