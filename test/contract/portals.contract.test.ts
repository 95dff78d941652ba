// The contract every bot in bots/registry.ts must keep, over every task it
// declares: against its mock portal in real Chromium, a small sample of
// ground-truth targets comes back equal to the truth field by field, and an
// unknown claim / provider comes back not_found. Each mock portal folder carries
// its adapter (mock-portals/<id>/index.ts: how to turn its ground truth into
// targets + expected outputs); a bot or task without one fails the suite, so
// nothing new lands uncovered. The per-portal test files keep the
// deep checks (faults, lockouts, sweeps); this one is the shared floor.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import type { BotLogger, EvidenceRef, EvidenceSink } from '../../bots/runtime/bot.ts';
import { launchBrowser } from '../../bots/runtime/browser.ts';
import { BotRunner } from '../../bots/runtime/runner.ts';
import type { TaskName } from '../../bots/runtime/tasks.ts';
import { MOCK_PORTALS, type MockPortal, type RunningPortal } from '../../mock-portals/index.ts';
import { scanned } from '../helpers/logs.ts';

const SEED = 42;
/** Targets per task: a sample, the per-portal files do the sweeps. */
const N = 5;

const mocks = new Map<string, MockPortal>(MOCK_PORTALS.map((p) => [p.id, p as unknown as MockPortal]));

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
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('contract coverage', () => {
  it('has a mock portal for every registered bot, with a target builder for every task it declares', () => {
    for (const [portal, bot] of Object.entries(bots)) {
      const mock = mocks.get(portal);
      expect(mock, `mock-portals/${portal}/`).toBeDefined();
      expect(Object.keys(mock!.contract.targets).sort(), portal).toEqual(Object.keys(bot.tasks).sort());
    }
    expect([...mocks.keys()].sort()).toEqual(Object.keys(bots).sort());
  });

  it("assigns every portal its own port, and the bot's default URL names it", () => {
    const ports = MOCK_PORTALS.map((p) => p.defaultPort);
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of MOCK_PORTALS) expect(new URL(bots[p.id]!.defaultBaseUrl).port, p.id).toBe(String(p.defaultPort));
  });
});

describe.each(Object.keys(bots).filter((p) => mocks.has(p)))('%s bot keeps the portal contract', (portal) => {
  const mock = mocks.get(portal)!;
  const adapter = mock.contract;
  const bot = bots[portal]!;
  const truth = mock.truth(SEED);
  let running: RunningPortal;
  let runner: BotRunner;

  beforeAll(async () => {
    running = await mock.start({ seed: SEED, port: 0 });
    runner = new BotRunner({
      bot,
      baseUrl: running.url,
      credential: mock.accounts(SEED)[0]!,
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
      const targets = adapter.targets[task]!(truth, N);
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
