// Claim-status benchmarks: platform vs bare Playwright throughput per
// concurrency level, then a long platform run for memory per context, the
// leak check (RSS after many lookups vs after 100) and logins per 100 lookups.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Browser } from 'playwright';
import type { PortalCredential } from '../../bots/index.ts';
import type { Logger } from '../../orchestrator/platform/logging.ts';
import { bareLogin, bareRun, type BareSession } from './bare-loop.ts';
import type { BenchInfra } from './infra.ts';
import { benchBrowser, rssSampler, treeMemory, treeRss, type TreeMemory } from './machine.ts';
import { median, metric, sleep, type MetricLine } from './metrics.ts';
import { startFleet, type BenchWorkerSettings } from './platform.ts';

export interface LookupBenchContext {
  infra: BenchInfra;
  baseUrl: string;
  account: PortalCredential;
  /** Claim numbers that exist on the portal (runs cycle through them). */
  claims: string[];
  /** The same portal's claims as worklist rows without claim numbers (CSV lines under `worklistHeader`). */
  worklistRows: string[];
  worklistHeader: string;
  /** Counts completed sign-ins on the portal itself (outside view of logins). */
  portalLogins(): Promise<number>;
  /** Processes (the mock portal) left out of memory figures. */
  notMeasured: ReadonlySet<number>;
  worker: BenchWorkerSettings;
  logger: Logger;
  progress(msg: string): void;
}

function pick(claims: string[], from: number, n: number): string[] {
  const out: string[] = [];
  // Within one run claim numbers must be distinct (a run deduplicates them).
  for (let i = 0; i < Math.min(n, claims.length); i++) out.push(claims[(from + i) % claims.length]!);
  return out;
}

const MB = 1024 * 1024;

/**
 * Per level: bare and platform set up side by side (each with its own browser),
 * then measured runs alternate between them so that load from elsewhere on the
 * machine hits both alike.
 */
export async function throughputByConcurrency(
  ctx: LookupBenchContext,
  p: { levels: number[]; runs: number; lookupsPerRun: number },
): Promise<MetricLine[]> {
  const out: MetricLine[] = [];
  let cursor = 0;
  for (const n of p.levels) {
    const perRun = Math.min(ctx.claims.length, Math.max(p.lookupsPerRun, n * 4));
    ctx.progress(`claim-status at ${n} context(s): ${p.runs} runs x ${perRun} lookups, bare and platform`);
    const browsers: Browser[] = [];
    const bare: BareSession[] = [];
    let fleet: Awaited<ReturnType<typeof startFleet>> | undefined;
    try {
      const bareBrowser = await benchBrowser();
      browsers.push(bareBrowser);
      for (let i = 0; i < n; i++) bare.push(await bareLogin(bareBrowser, ctx.baseUrl, ctx.account));
      const platformBrowser = await benchBrowser();
      browsers.push(platformBrowser);
      fleet = await startFleet(ctx.infra, {
        browser: platformBrowser,
        account: ctx.account,
        concurrency: n,
        worker: ctx.worker,
        logger: ctx.logger,
      });
      // Warm-up, not timed: every context logs in and loads the pages once.
      await bareRun(bare, ctx.baseUrl, pick(ctx.claims, cursor, n));
      await fleet.lookups(pick(ctx.claims, cursor, n * 2), 120_000);
      await ctx.infra.evidence.whenIdle();
      cursor += n * 2;
      const bareRates: number[] = [];
      const platformRates: number[] = [];
      const bareMs: number[] = [];
      const taskMs: number[] = [];
      const derivePending: number[] = [];
      const deriveDrainMs: number[] = [];
      let failed = 0;
      for (let r = 0; r < p.runs; r++) {
        const claims = pick(ctx.claims, cursor, perRun);
        cursor += perRun;
        const bareSeconds = await bareRun(bare, ctx.baseUrl, claims);
        bareRates.push((claims.length / bareSeconds) * 60);
        bareMs.push((bareSeconds * 1000 * n) / claims.length);
        const res = await fleet.lookups(claims, 600_000);
        failed += res.failed;
        taskMs.push(...res.taskMs);
        platformRates.push((res.found / res.seconds) * 60);
        // Derived copies wait for a pause in captures; make them now, untimed,
        // so the next bare run does not share the CPU with them.
        derivePending.push(ctx.infra.evidence.pendingDerivations());
        const drainStart = performance.now();
        await ctx.infra.evidence.whenIdle();
        deriveDrainMs.push(performance.now() - drainStart);
      }
      const value = median(platformRates);
      const baseline = median(bareRates);
      out.push(
        metric({
          metric: `claim-status-throughput.c${n}`,
          value,
          unit: 'lookups/min',
          baseline,
          ratio: value / baseline,
          runs: p.runs,
          note: `${perRun} lookups per run, evidence on; bare loop = same page steps without queue, database or evidence store; time per lookup: bare ${Math.round(median(bareMs))} ms, platform bot task ${Math.round(median(taskMs))} ms (median; page steps + capture, tracing ${ctx.worker.tracing}); derived copies (WebP, thumbnail, annotated) still waiting when a platform run ended: ${median(derivePending)} (median), made afterwards in ${Math.round(median(deriveDrainMs))} ms, outside the timed runs${failed ? `; ${failed} platform lookups failed and are not counted` : ''}`,
        }),
      );
    } finally {
      await fleet?.close();
      await Promise.allSettled(bare.map((s) => s.close()));
      await Promise.allSettled(browsers.map((b) => b.close()));
    }
  }
  return out;
}

/**
 * Worklist rows found by member search next to the same claims by claim
 * number, at one context, runs alternating. A member search costs one page
 * more per claim (the member's list of claims) than a claim-number search.
 * Each row is used once: a row found before is looked up by its claim number.
 */
export async function memberSearchThroughput(
  ctx: LookupBenchContext,
  p: { runs: number; lookupsPerRun: number },
): Promise<MetricLine[]> {
  ctx.progress(`claim-status by member search vs by claim number: ${p.runs} runs x ${p.lookupsPerRun} lookups each`);
  const browser = await benchBrowser();
  const fleet = await startFleet(ctx.infra, {
    browser,
    account: ctx.account,
    concurrency: 1,
    worker: ctx.worker,
    logger: ctx.logger,
  });
  // From the end of the list: the other lookup benchmarks start at its beginning.
  const rows = [...ctx.worklistRows].reverse();
  const numberOf = new Map(ctx.claims.map((c) => [c, c]));
  try {
    await fleet.lookups(pick(ctx.claims, ctx.claims.length - 3, 2), 120_000); // warm-up: log in, load the pages
    const byMember: number[] = [];
    const byNumber: number[] = [];
    const memberMs: number[] = [];
    const numberMs: number[] = [];
    let failed = 0;
    for (let r = 0; r < p.runs; r++) {
      const part = rows.slice(r * p.lookupsPerRun * 2, r * p.lookupsPerRun * 2 + p.lookupsPerRun);
      const others = rows.slice(r * p.lookupsPerRun * 2 + p.lookupsPerRun, (r + 1) * p.lookupsPerRun * 2);
      if (part.length < p.lookupsPerRun || others.length < p.lookupsPerRun)
        throw new Error(`member-search bench: the portal has too few searchable claims for ${p.runs} runs`);
      const m = await fleet.worklist(`${ctx.worklistHeader}\n${part.join('\n')}\n`, 600_000);
      byMember.push((m.found / m.seconds) * 60);
      memberMs.push(...m.taskMs);
      failed += m.failed + (part.length - m.found - m.failed);
      // Claims not searched by member yet, by claim number: same pages but the member list.
      const numbers = await ctx.infra.db.claim.findMany({
        where: { patientControlNumber: { in: part.map((l) => l.split(',')[0]!) } },
        select: { claimNumber: true },
      });
      const fresh = ctx.claims.filter((c) => numberOf.has(c) && !numbers.some((n) => n.claimNumber === c));
      const n = await fleet.lookups(pick(fresh, r * p.lookupsPerRun, p.lookupsPerRun), 600_000);
      byNumber.push((n.found / n.seconds) * 60);
      numberMs.push(...n.taskMs);
      failed += n.failed;
    }
    const value = median(byMember);
    const baseline = median(byNumber);
    return [
      metric({
        metric: 'member-search-throughput.c1',
        value,
        unit: 'lookups/min',
        baseline,
        ratio: value / baseline,
        runs: p.runs,
        note: `worklist rows without claim numbers (PCN, member, DOB, DOS, billed, payer, NPI) found by member search; baseline = claim-number lookups in the same runs; bot task time median: member ${Math.round(median(memberMs))} ms, claim number ${Math.round(median(numberMs))} ms${failed ? `; ${failed} lookups not found or failed` : ''}`,
      }),
    ];
  } finally {
    await fleet.close();
    await browser.close().catch(() => undefined);
  }
}

/**
 * One long platform run at `concurrency`: peak RSS of this process tree
 * (Node + Chromium) per context, RSS after `reference` lookups vs after `total`, and
 * portal sign-ins per 100 lookups.
 */
export async function footprintAndLeak(
  ctx: LookupBenchContext,
  p: { concurrency: number; reference: number; total: number; batch: number },
): Promise<MetricLine[]> {
  ctx.progress(`memory and sessions: ${p.total} lookups at ${p.concurrency} contexts`);
  await settle();
  const before = await treeRss(process.pid, ctx.notMeasured);
  const loginsBefore = await ctx.portalLogins();
  const browser = await benchBrowser();
  const sampler = rssSampler(500, ctx.notMeasured);
  const fleet = await startFleet(ctx.infra, {
    browser,
    account: ctx.account,
    concurrency: p.concurrency,
    worker: ctx.worker,
    logger: ctx.logger,
  });
  let done = 0;
  let failed = 0;
  let atRef: Snapshot | undefined;
  let cursor = 0;
  try {
    while (done < p.total) {
      // The first lookups up to `reference` are one batch: the leak check's reference point.
      const n = done < p.reference ? p.reference - done : Math.min(p.batch, p.total - done);
      const claims = pick(ctx.claims, cursor, n);
      cursor += claims.length;
      const r = await fleet.lookups(claims, 600_000);
      done += claims.length;
      failed += r.failed;
      if (done === p.reference) {
        await ctx.infra.evidence.whenIdle();
        atRef = await snapshot(ctx.notMeasured);
      }
      if (done % 500 < claims.length) ctx.progress(`  ${done}/${p.total} lookups`);
    }
    await ctx.infra.evidence.whenIdle();
    const atEnd = await snapshot(ctx.notMeasured);
    const rssAtRef = total(atRef!.memory);
    const rssAtEnd = total(atEnd.memory);
    const peak = await sampler.stop();
    const logins = (await ctx.portalLogins()) - loginsBefore;
    const note = `${p.concurrency} contexts, ${p.total} lookups${failed ? `, ${failed} failed` : ''}; memory = PSS of Node plus its Chromium processes`;
    return [
      metric({
        metric: 'logins-per-100-lookups',
        value: (logins / done) * 100,
        unit: 'logins',
        runs: 1,
        note: `${logins} portal sign-ins for ${done} lookups at ${p.concurrency} contexts (one per session)`,
      }),
      metric({
        metric: 'rss-per-context',
        value: (peak - before) / MB / p.concurrency,
        unit: 'MB',
        runs: 1,
        note: `(peak RSS during the run - RSS before the browser started) / ${p.concurrency} contexts; includes the shared browser and workers`,
      }),
      metric({
        metric: 'rss-leak',
        value: rssAtEnd / MB,
        unit: 'MB',
        baseline: rssAtRef / MB,
        ratio: rssAtEnd / rssAtRef,
        runs: 1,
        note: `RSS after ${done} lookups (value) vs after ${p.reference} (baseline); ${note}; by process, after ${p.reference} -> after ${done}: ${describeGrowth(atRef!, atEnd)}`,
      }),
    ];
  } finally {
    await sampler.stop();
    await fleet.close();
    await browser.close().catch(() => undefined);
  }
}

interface Snapshot {
  memory: TreeMemory;
  /** V8 heap in use in this process (the JavaScript part of its memory). */
  heapUsed: number;
}

async function snapshot(exclude: ReadonlySet<number>): Promise<Snapshot> {
  await settle();
  return { memory: await treeMemory(process.pid, exclude), heapUsed: process.memoryUsage().heapUsed };
}

const total = (m: TreeMemory): number => m.node + m.chromium + m.other;

function describeGrowth(a: Snapshot, b: Snapshot): string {
  const mb = (n: number) => Math.round(n / MB);
  return [
    `Node ${mb(a.memory.node)} -> ${mb(b.memory.node)} MB (V8 heap ${mb(a.heapUsed)} -> ${mb(b.heapUsed)} MB)`,
    `Chromium ${mb(a.memory.chromium)} -> ${mb(b.memory.chromium)} MB`,
    `derive process ${mb(a.memory.other)} -> ${mb(b.memory.other)} MB`,
  ].join(', ');
}

/**
 * A full garbage collection before a memory reading, so garbage not yet
 * collected is not mistaken for a leak. `gc` is exposed on demand (the bench
 * runs without --expose-gc).
 */
let collect: (() => void) | undefined;
async function settle(): Promise<void> {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  await sleep(200);
}
