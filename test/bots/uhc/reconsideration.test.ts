// submit-reconsideration and reconsideration-status against the UHC-like mock
// in real Chromium: a dry run fills every step and stops on the review page
// (the portal records nothing), a real submit returns the portal's tracking
// number, a refused upload is upload_failed with the page kept as evidence
// and nothing submitted, a second submit for the same claim returns the first
// tracking number and the portal still holds one, and the status task reads
// the decision once the payer issues it.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../bots/runtime/browser.ts';
import { BotRunner } from '../../../bots/runtime/runner.ts';
import { uhcBot } from '../../../bots/uhc/index.ts';
import { SAMPLE_PDF, trackingNumberFor } from '../../../mock-portals/shared/reconsiderations.ts';
import { uhcAccounts } from '../../../mock-portals/uhc/data.ts';
import { startUhcPortal } from '../../../mock-portals/uhc/index.ts';
import { captureLogs } from '../../helpers/logs.ts';
import { MemorySink } from '../../helpers/memory-sink.ts';

const SEED = 42;
const [main] = uhcAccounts(SEED);

const logs = captureLogs('debug');
let browser: Browser;
let portal: Awaited<ReturnType<typeof startUhcPortal>>;
let runner: BotRunner;
let sink: MemorySink;
let denied: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  portal = await startUhcPortal({ seed: SEED, port: 0 });
  const seeded = new Set(portal.truth.reconsiderations.map((r) => r.claimNumber));
  denied = portal.truth.claims.filter((c) => c.denial && !seeded.has(c.claimNumber)).map((c) => c.claimNumber);
  sink = new MemorySink();
  runner = new BotRunner({
    bot: uhcBot,
    baseUrl: portal.url,
    credential: main!,
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
  reason: 'coding',
  argument: 'Modifier 25 applies: a separately identifiable E/M service was documented.',
  correctedFields: { procedureCode: '99214', billedAmount: 180 },
  attachments: [{ fileName: 'appeal-packet.pdf', contentBase64: SAMPLE_PDF.toString('base64') }],
  dryRun,
});
const submissions = async (claimNumber: string) =>
  (
    (await fetch(`${portal.url}/__admin/reconsiderations`).then((r) => r.json())).reconsiderations as {
      claimNumber: string;
      trackingNumber: string;
      reason: string;
      correctedFields: Record<string, string>;
      attachments: { fileName: string; sha256: string }[];
    }[]
  ).filter((r) => r.claimNumber === claimNumber);
let job = 0;
const run = (task: 'submit-reconsideration' | 'reconsideration-status', input: unknown) =>
  runner.run(task, input, { jobId: `rc-${++job}`, runId: 'rc' });

describe('UHC submit-reconsideration', () => {
  it('dry run: fills every step, captures each, stops on the review page and submits nothing', async () => {
    const claim = denied[0]!;
    const before = sink.captures.length;
    const res = await run('submit-reconsideration', request(claim, true));
    expect(res.error).toBeUndefined();
    expect(res.data).toEqual({
      claimNumber: claim,
      payer: 'uhc',
      status: 'dry_run',
      trackingNumber: null,
      submittedDate: null,
      attachments: ['appeal-packet.pdf'],
    });
    const labels = sink.captures.slice(before).map((c) => c.label);
    expect(labels).toEqual([
      'submit-reconsideration: claim details',
      'submit-reconsideration: step 1 reason filled',
      'submit-reconsideration: step 2 attachments uploaded',
      'submit-reconsideration: step 3 review',
    ]);
    expect(sink.captures.at(-1)!.html).toContain('Submit Reconsideration');
    expect(await submissions(claim)).toEqual([]);
  });

  it('submits, returns the tracking number the confirmation shows, and the portal holds exactly what was entered', async () => {
    const claim = denied[1]!;
    const res = await run('submit-reconsideration', request(claim, false));
    expect(res.error).toBeUndefined();
    const tracking = trackingNumberFor(SEED, 'uhc', 'RCN', claim);
    expect(res.data).toMatchObject({
      status: 'submitted',
      trackingNumber: tracking,
      attachments: ['appeal-packet.pdf'],
    });
    expect(sink.captures.at(-1)!.label).toBe('submit-reconsideration: confirmation');
    const held = await submissions(claim);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      trackingNumber: tracking,
      reason: 'CODING',
      correctedFields: { procedureCode: '99214', billedAmount: '180.00' },
    });
    expect(held[0]!.attachments[0]!.sha256).toBe(createHash('sha256').update(SAMPLE_PDF).digest('hex'));

    // The same request again: the portal refuses a second one and the bot returns the first tracking number.
    const again = await run('submit-reconsideration', request(claim, false));
    expect(again.data).toMatchObject({ status: 'already_in_progress', trackingNumber: tracking });
    expect(await submissions(claim)).toHaveLength(1);
  });

  it('a refused upload is upload_failed with the error page captured, and nothing is submitted', async () => {
    const claim = denied[2]!;
    portal.setFaults({ uploadFails: true });
    try {
      const res = await run('submit-reconsideration', request(claim, false));
      expect(res.outcome).toBe('failed');
      expect(res.error).toMatchObject({ class: 'upload_failed', retryable: true });
      expect(res.error!.message).toContain('Upload failed');
      const shot = sink.captures.at(-1)!;
      expect(shot.label).toBe('submit-reconsideration: upload of appeal-packet.pdf failed');
      expect(res.error!.details.evidenceId).toBe(`ev-${sink.captures.length}`);
      expect(await submissions(claim)).toEqual([]);
    } finally {
      portal.setFaults({ uploadFails: false });
    }
  });

  it('refuses input it cannot submit before opening the portal', async () => {
    const res = await run('submit-reconsideration', { ...request(denied[3]!, true), attachments: [] });
    expect(res.error).toMatchObject({ class: 'invalid_input', details: { field: 'attachments' } });
  });
});

describe('UHC reconsideration-status', () => {
  it('reads in review, then the decision once the payer issues it', async () => {
    const claim = denied[4]!;
    const submitted = await run('submit-reconsideration', request(claim, false));
    const tracking = (submitted.data as { trackingNumber: string }).trackingNumber;
    const first = await run('reconsideration-status', { trackingNumber: tracking });
    expect(first.data).toMatchObject({ status: 'in_review', decision: null, approvedAmount: null, claimNumber: claim });
    const decide = await fetch(`${portal.url}/__admin/reconsiderations/${tracking}/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'overturned', amount: 125.4 }),
    });
    expect(decide.status).toBe(200);
    const later = await run('reconsideration-status', { trackingNumber: tracking });
    expect(later.data).toMatchObject({ status: 'decided', decision: 'overturned', approvedAmount: 125.4 });
    expect((later.data as { decisionDate: string }).decisionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(runner.stats().logins).toBe(1);
  });
});
