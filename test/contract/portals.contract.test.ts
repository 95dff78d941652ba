// The contract every bot in bots/registry.ts must keep, over every task it
// declares: against its mock portal in real Chromium, a small sample of
// ground-truth targets comes back equal to the truth field by field, and an
// unknown claim / provider comes back not_found. Each portal has an adapter
// (how to start its portal, which credential, how to turn the ground truth
// into targets + expected outputs); a bot or task without one fails the
// suite, so nothing new lands uncovered. The per-portal test files keep the
// deep checks (faults, lockouts, sweeps); this one is the shared floor.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import type { BotLogger, EvidenceRef, EvidenceSink } from '../../bots/runtime/bot.ts';
import { launchBrowser } from '../../bots/runtime/browser.ts';
import { BotRunner } from '../../bots/runtime/runner.ts';
import type { EraDownloadOutput, TaskName } from '../../bots/runtime/tasks.ts';
import {
  demoCredentials,
  groundTruth,
  startAvailityPortal,
  type GroundTruth,
  type PortalAccount,
} from '../../mock-portals/index.ts';
import { startCaqhPortal } from '../../mock-portals/caqh/index.ts';
import { startMedicaidPortal } from '../../mock-portals/medicaid/index.ts';
import { startUhcPortal } from '../../mock-portals/uhc/index.ts';
import { scanned } from '../helpers/logs.ts';

const SEED = 42;
/** Targets per task: a sample, the per-portal files do the sweeps. */
const N = 5;

interface Target {
  label: string;
  input: unknown;
  outcome: 'found' | 'not_found';
  /** The exact output when found (after `normalize`). */
  data?: unknown;
}

interface PortalAdapter {
  start(seed: number): Promise<{ url: string; close(): Promise<unknown> }>;
  credential(seed: number): PortalAccount;
  /** Per declared task: N targets from the truth, plus a not_found one for claim/provider lookups. */
  targets: Partial<Record<TaskName, (truth: GroundTruth) => Target[]>>;
  /** Makes an output comparable with the truth (drops ids the evidence sink assigns, fixes order). */
  normalize?: Partial<Record<TaskName, (data: unknown) => unknown>>;
}

type EraFile = Omit<EraDownloadOutput['files'][number], 'evidenceId'>;
const byName = (a: { fileName: string }, b: { fileName: string }) => a.fileName.localeCompare(b.fileName);
/** era-download output without sink-assigned evidence ids, in file-name order. */
const eraNormalize = (data: unknown): EraFile[] =>
  (data as EraDownloadOutput).files.map(({ evidenceId: _id, ...f }) => f).sort(byName);

/** One era-download target: the range spanning N files' payment dates; expected = every truth file in it. */
function eraTarget(files: EraFile[]): Target[] {
  const dates = files.flatMap((f) => (f.paymentDate ? [f.paymentDate] : [])).sort();
  if (dates.length === 0) throw new Error('the ground truth lists no dated remittance files');
  const from = dates[0]!;
  const to = dates[Math.min(N, dates.length) - 1]!;
  const data = files.filter((f) => f.paymentDate !== null && f.paymentDate >= from && f.paymentDate <= to).sort(byName);
  return [{ label: `${from}..${to}`, input: { from, to }, outcome: 'found', data }];
}

const found = (label: string, input: unknown, data: unknown): Target => ({ label, input, outcome: 'found', data });
const notFound = (label: string, input: unknown): Target => ({ label, input, outcome: 'not_found' });

const adapters: Record<string, PortalAdapter> = {
  availity: {
    start: (seed) => startAvailityPortal({ seed, port: 0 }),
    credential: (seed) => demoCredentials(seed).availity,
    targets: {
      'claim-status': (t) => [
        ...t.portals.availity.claims
          .slice(0, N)
          .map((c) => found(c.claimNumber, { claimNumber: c.claimNumber }, c.expected)),
        notFound('unknown claim', { claimNumber: 'AET00000000000' }),
      ],
      'denial-details': (t) => [
        ...t.portals.availity.denials
          .slice(0, N)
          .map((d) => found(d.claimNumber, { claimNumber: d.claimNumber }, d.expected)),
        notFound('unknown claim', { claimNumber: 'AET00000000000' }),
      ],
      'era-download': (t) =>
        eraTarget(
          t.portals.availity.remittances.map((f) => ({
            fileName: f.fileName,
            payer: f.payer,
            paymentDate: f.paymentDate,
            traceNumber: f.traceNumber,
            amount: f.amount,
            sha256: f.sha256,
            byteSize: f.byteSize,
          })),
        ),
    },
    normalize: { 'era-download': eraNormalize },
  },
  uhc: {
    start: (seed) => startUhcPortal({ seed, port: 0 }),
    credential: (seed) => demoCredentials(seed).uhc,
    targets: {
      'claim-status': (t) => [
        ...t.portals.uhc.claims
          .slice(0, N)
          .map((c) => found(c.claimNumber, { claimNumber: c.claimNumber }, c.expected)),
        notFound('unknown claim', { claimNumber: 'ZZ00000000' }),
      ],
      'denial-details': (t) => [
        ...t.portals.uhc.claims
          .filter((c) => c.denial)
          .slice(0, N)
          .map((c) => found(c.claimNumber, { claimNumber: c.claimNumber }, c.denial)),
        notFound('unknown claim', { claimNumber: 'ZZ00000000' }),
      ],
    },
  },
  caqh: {
    start: (seed) => startCaqhPortal({ seed, port: 0 }),
    credential: (seed) => demoCredentials(seed).caqh,
    targets: {
      'credentialing-status': (t) => [
        ...t.portals.caqh.providers.slice(0, N).map((p) => found(p.npi, { npi: p.npi }, p.expected)),
        notFound('unknown NPI', { npi: '1999999999' }),
      ],
    },
  },
  medicaid: {
    start: (seed) => startMedicaidPortal({ seed, port: 0 }),
    credential: (seed) => demoCredentials(seed).medicaid,
    targets: {
      'claim-status': (t) => [
        ...t.portals.medicaid.claims.slice(0, N).map((c) => found(c.icn, { claimNumber: c.icn }, c.expected)),
        notFound('unknown ICN', { claimNumber: '9999999999999' }),
      ],
      'era-download': (t) => eraTarget(t.portals.medicaid.raFiles.map((f) => f.expected)),
    },
    normalize: { 'era-download': eraNormalize },
  },
};

const sink: EvidenceSink = {
  capture: async (c): Promise<EvidenceRef> => ({
    id: `ev-${c.label}`,
    sha256: createHash('sha256').update(c.png).digest('hex'),
    url: c.finalUrl,
    capturedAt: c.capturedAt.toISOString(),
  }),
  file: async (f): Promise<EvidenceRef> => {
    const sha256 = createHash('sha256').update(f.bytes).digest('hex');
    return { id: `file-${sha256.slice(0, 12)}`, sha256, url: f.url, capturedAt: f.downloadedAt.toISOString() };
  },
};
const logger: BotLogger = scanned({ debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
const truth = groundTruth(SEED);
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('contract coverage', () => {
  it('has an adapter for every registered bot and a target builder for every task it declares', () => {
    for (const [portal, bot] of Object.entries(bots)) {
      const adapter = adapters[portal];
      expect(adapter, `adapter for ${portal}`).toBeDefined();
      expect(Object.keys(adapter!.targets).sort(), portal).toEqual(Object.keys(bot.tasks).sort());
    }
  });
});

describe.each(Object.keys(bots).filter((p) => adapters[p]))('%s bot keeps the portal contract', (portal) => {
  const adapter = adapters[portal]!;
  const bot = bots[portal]!;
  let running: { url: string; close(): Promise<unknown> };
  let runner: BotRunner;

  beforeAll(async () => {
    running = await adapter.start(SEED);
    runner = new BotRunner({
      bot,
      baseUrl: running.url,
      credential: adapter.credential(SEED),
      evidence: sink,
      logger,
      browserLauncher: async () => browser,
      closeBrowser: false,
      tracing: 'off',
    });
  });
  afterAll(async () => {
    await runner?.close();
    await running?.close();
  });

  it.each(Object.keys(bot.tasks) as TaskName[])(
    '%s: sampled targets equal the ground truth',
    async (task) => {
      const targets = adapter.targets[task]!(truth);
      const found = targets.filter((t) => t.outcome === 'found');
      expect(found.length, 'targets sampled from the truth').toBeGreaterThanOrEqual(1);
      if (task === 'claim-status' || task === 'denial-details' || task === 'credentialing-status') {
        expect(found.length).toBe(N);
        expect(
          targets.some((t) => t.outcome === 'not_found'),
          'a not_found target',
        ).toBe(true);
      }
      const normalize = adapter.normalize?.[task] ?? ((d: unknown) => d);
      for (const t of targets) {
        const res = await runner.run(task, t.input, {
          jobId: `contract-${portal}-${task}-${t.label}`,
          runId: 'contract',
        });
        expect(res.error, `${task} ${t.label}`).toBeUndefined();
        expect(res.outcome, `${task} ${t.label}`).toBe(t.outcome);
        if (t.outcome === 'found') {
          expect(normalize(res.data), `${task} ${t.label}`).toEqual(t.data);
          expect(res.evidence.length, `${task} ${t.label}: evidence`).toBeGreaterThanOrEqual(1);
        }
      }
      // The whole sample ran on one login.
      expect(runner.stats().logins).toBe(1);
    },
    90_000,
  );
});
