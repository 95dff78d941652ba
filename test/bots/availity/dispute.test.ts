// submit-reconsideration and reconsideration-status on the Availity-like mock
// (a claim dispute) in real Chromium: dry run stops on the review page with
// nothing filed, a real submit returns the dispute ID, a second submit
// returns the same ID with one dispute held, a refused upload is
// upload_failed with the page kept, and the status task reads the decision.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availityBot } from '../../../bots/availity/index.ts';
import type { EvidenceRef, EvidenceSink, PageCapture } from '../../../bots/runtime/bot.ts';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner } from '../../../bots/runtime/runner.ts';
import { availityAccounts } from '../../../mock-portals/availity/data.ts';
import { startAvailityPortal } from '../../../mock-portals/availity/index.ts';
import { SAMPLE_PDF, trackingNumberFor } from '../../../mock-portals/shared/reconsiderations.ts';
import { captureLogs } from '../../helpers/logs.ts';

const SEED = 42;
const captures: PageCapture[] = [];
const sink: EvidenceSink = {
  capture: async (c): Promise<EvidenceRef> => {
    captures.push(c);
    return {
      id: `ev-${captures.length}`,
      sha256: createHash('sha256').update(c.png).digest('hex'),
      url: c.finalUrl,
      capturedAt: c.capturedAt.toISOString(),
    };
  },
};
const logs = captureLogs('debug');
let browser: Browser;
let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
let runner: BotRunner;
let denied: { claimNumber: string; payerId: string }[];

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startAvailityPortal({ seed: SEED, port: 0 });
  const seeded = new Set(portal.truth.reconsiderations.map((r) => r.claimNumber));
  denied = portal.truth.claims.filter((c) => c.scenario === 'denied' && !seeded.has(c.claimNumber));
  runner = new BotRunner({
    bot: availityBot,
    baseUrl: portal.url,
    credential: availityAccounts(SEED)[0]!,
    evidence: sink,
    logger: logs.logger,
    tracing: 'off',
    browserLauncher: async () => browser,
    closeBrowser: false,
  });
});
afterAll(async () => {
  await runner?.close();
  await portal?.close();
  await browser?.close();
});

const request = (claimNumber: string, dryRun: boolean) => ({
  claimNumber,
  reason: 'prior_authorization',
  argument: 'Authorization AUTH-77812 covered this service on the date of service.',
  correctedFields: { billedAmount: 310 },
  attachments: [{ fileName: 'appeal-packet.pdf', contentBase64: SAMPLE_PDF.toString('base64') }],
  dryRun,
});
const held = async (claim: string) =>
  (
    (await fetch(`${portal.url}/__admin/reconsiderations`).then((r) => r.json())).reconsiderations as {
      claimNumber: string;
    }[]
  ).filter((r) => r.claimNumber === claim);
let job = 0;
const run = (task: 'submit-reconsideration' | 'reconsideration-status', input: unknown) =>
  runner.run(task, input, { jobId: `dsp-${++job}`, runId: 'dsp' });

describe('Availity claim dispute', () => {
  it('dry run: details and review captured, nothing filed', async () => {
    const c = denied[0]!;
    const res = await run('submit-reconsideration', request(c.claimNumber, true));
    expect(res.error).toBeUndefined();
    expect(res.data).toEqual({
      claimNumber: c.claimNumber,
      payer: c.payerId,
      status: 'dry_run',
      trackingNumber: null,
      submittedDate: null,
      attachments: ['appeal-packet.pdf'],
    });
    expect(captures.slice(-2).map((x) => x.label)).toEqual([
      'submit-reconsideration: step 1 dispute details filled',
      'submit-reconsideration: step 2 review',
    ]);
    expect(await held(c.claimNumber)).toEqual([]);
  });

  it('submits once: the dispute ID, and the same ID when asked again', async () => {
    const c = denied[1]!;
    const tracking = trackingNumberFor(SEED, 'availity', 'DSP', c.claimNumber);
    const res = await run('submit-reconsideration', request(c.claimNumber, false));
    expect(res.data).toMatchObject({ status: 'submitted', trackingNumber: tracking, payer: c.payerId });
    const again = await run('submit-reconsideration', request(c.claimNumber, false));
    expect(again.data).toMatchObject({ status: 'already_in_progress', trackingNumber: tracking });
    expect(await held(c.claimNumber)).toHaveLength(1);

    await fetch(`${portal.url}/__admin/reconsiderations/${tracking}/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'upheld' }),
    });
    const status = await run('reconsideration-status', { trackingNumber: tracking });
    expect(status.data).toMatchObject({ status: 'decided', decision: 'upheld', approvedAmount: 0 });
  });

  it('a refused upload is upload_failed with the page kept, nothing filed', async () => {
    const c = denied[2]!;
    portal.setFaults({ uploadFails: true });
    try {
      const res = await run('submit-reconsideration', request(c.claimNumber, false));
      expect(res.error).toMatchObject({ class: 'upload_failed' });
      expect(res.error!.details.evidenceId).toBe(`ev-${captures.length}`);
      expect(await held(c.claimNumber)).toEqual([]);
    } finally {
      portal.setFaults({ uploadFails: false });
    }
  });
});
