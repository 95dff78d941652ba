// Failure snapshots hold PHI (the page, its HTML, the trace's DOM snapshots):
// a forced failure against the real mock portal must leave them readable by
// the worker's user only.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { availityBot } from '../../../bots/availity/index.ts';
import type { BotLogger, EvidenceRef, EvidenceSink, PageCapture } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner } from '../../../bots/runtime/runner.ts';
import { demoCredentials, startAvailityPortal } from '../../../mock-portals/index.ts';
import { scanned } from '../../helpers/logs.ts';

const SEED = 42;
const sink: EvidenceSink = {
  capture: async (c: PageCapture): Promise<EvidenceRef> => ({
    id: 'ev',
    sha256: createHash('sha256').update(c.png).digest('hex'),
    url: c.finalUrl,
    capturedAt: c.capturedAt.toISOString(),
  }),
};
const logger: BotLogger = scanned({ debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });

let browser: Browser;
let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
let root: string;
let runner: BotRunner | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startAvailityPortal({ seed: SEED, port: 0 });
  root = await mkdtemp(path.join(tmpdir(), 'pb-failmodes-'));
});
afterAll(async () => {
  await runner?.close();
  await browser?.close();
  await portal?.close();
  await rm(root, { recursive: true, force: true });
});

it('writes the failure directory 0700 and every snapshot file 0600', async () => {
  // A pre-existing, world-readable failure directory is tightened too.
  const failureDir = path.join(root, 'failures');
  await mkdir(failureDir, { mode: 0o755 });
  runner = new BotRunner({
    bot: availityBot,
    baseUrl: portal.url,
    credential: demoCredentials(SEED).availity,
    evidence: sink,
    logger,
    failureDir,
    browserLauncher: async () => browser,
    closeBrowser: false,
    tracing: 'chunks',
  });
  portal.setFaults({ layout: 'v2' });
  const claim = portal.truth.claims[0]!;
  const res = await runner.run(
    'claim-status',
    { claimNumber: claim.claimNumber },
    { jobId: 'job-modes', runId: 'run-1' },
  );
  expect(res.outcome).toBe('failed');
  expect(res.error?.class).toBe('layout_changed');

  expect((await stat(failureDir)).mode & 0o777).toBe(0o700);
  const dirs = await readdir(failureDir);
  expect(dirs).toHaveLength(1);
  const dir = path.join(failureDir, dirs[0]!);
  expect((await stat(dir)).mode & 0o777).toBe(0o700);
  const files = (await readdir(dir)).sort();
  expect(files).toEqual(['error.json', 'page.html', 'page.png', 'trace.zip']);
  for (const f of files) expect({ f, mode: (await stat(path.join(dir, f))).mode & 0o777 }).toEqual({ f, mode: 0o600 });
}, 90_000);
