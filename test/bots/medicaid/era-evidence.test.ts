// The Medicaid bot's era-download into the real evidence store (the worker's
// job sink) in real Chromium: each RA's 835 and its PDF remittance advice are
// stored as evidence files with the bytes the portal served, and the ERA
// pipeline ingests the 835s while the PDFs are kept, not parsed.
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { medicaidBot } from '../../../bots/medicaid/index.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner } from '../../../bots/runtime/runner.ts';
import type { EraDownloadOutput } from '../../../bots/runtime/tasks.ts';
import { medicaidAccounts } from '../../../mock-portals/medicaid/data.ts';
import { startMedicaidPortal, type RunningMedicaidPortal } from '../../../mock-portals/medicaid/index.ts';
import { jobEvidenceSink } from '../../../orchestrator/platform/worker/evidence-sink.ts';
import { processEraDownloadResult } from '../../../orchestrator/remittance/index.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';
import { captureLogs } from '../../helpers/logs.ts';

const SEED = 42;
const RUN_ID = '00000000-0000-4000-8000-0000000000e2';
const logs = captureLogs('debug');

let browser: Browser;
let portal: RunningMedicaidPortal;
let h: Harness;
let runner: BotRunner;

beforeAll(async () => {
  [browser, portal] = await Promise.all([launchBrowser(), startMedicaidPortal({ seed: SEED, port: 0 })]);
  h = await createHarness('medicaid_era_evidence', { medicaid: portal.url });
  await h.db.run.create({ data: { id: RUN_ID, portalId: 'medicaid', task: 'era-download', trigger: 'cli' } });
}, 60_000);
afterAll(async () => {
  await runner?.close();
  await browser?.close();
  await portal?.close();
  await h?.close();
});

describe('medicaid era-download evidence', () => {
  it('stores each RA as its 835 and its PDF; only the 835s are ingested', async () => {
    const evidence = jobEvidenceSink(h.db, h.evidence, {
      jobId: 'job-medicaid-era',
      runId: RUN_ID,
      portal: 'medicaid',
      claimId: null,
      claimRef: null,
    });
    runner = new BotRunner({
      bot: medicaidBot,
      baseUrl: portal.url,
      credential: medicaidAccounts(SEED)[0]!,
      evidence,
      logger: logs.logger,
      tracing: 'off',
      browserLauncher: async () => browser,
      closeBrowser: false,
    });
    const ras = portal.truth.raFiles.slice(2, 4);
    const res = await runner.run(
      'era-download',
      { from: ras[0]!.paymentDate, to: ras.at(-1)!.paymentDate },
      { jobId: 'job-medicaid-era', runId: RUN_ID },
    );
    expect(res.error).toBeUndefined();
    expect(await evidence.flush()).toBeNull();
    const data = res.data as EraDownloadOutput;
    expect(data.files.map((f) => f.fileName)).toEqual(ras.map((r) => r.expected.fileName));
    expect((data.documents ?? []).map((d) => d.fileName)).toEqual(ras.map((r) => r.pdfFileName));
    for (const d of data.documents ?? []) {
      const row = await h.db.evidence.findUniqueOrThrow({ where: { id: d.evidenceId } });
      expect(row).toMatchObject({ kind: 'file', sha256: d.sha256, portalId: 'medicaid' });
      const bytes = await h.evidence.read(row.storageKey, { actor: 'test', reason: 'check RA PDF' });
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.length).toBe(d.byteSize);
    }
    const outcomes = await processEraDownloadResult(h.db, h.evidence, data, { portal: 'medicaid', runId: RUN_ID });
    expect(outcomes.map((o) => [o.fileName, o.error?.code ?? null, o.result?.duplicate])).toEqual(
      ras.map((r) => [r.expected.fileName, null, false]),
    );
    expect(await h.db.eraFile.count()).toBe(ras.length);
  }, 120_000);
});
