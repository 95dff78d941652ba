// Seeds a claim with a run, a claim-status result (a denial) and one page
// capture stored through the real evidence store, as a worker would leave them.
import sharp from 'sharp';
import type { EvidenceStore } from '../../../evidence-store/index.ts';
import { ingestClaimStatusResult } from '../../../orchestrator/denials/index.ts';
import type { Harness } from '../../helpers/harness.ts';

export interface SeededDenial {
  claimId: string;
  claimNumber: string;
  runId: string;
  resultId: string;
  jobId: string;
  /** The denial work item the result produced (orchestrator/workqueue ingest). */
  workItemId: string;
}

export interface SeededClaim extends SeededDenial {
  claimId: string;
  claimNumber: string;
  runId: string;
  evidenceId: string;
  storageKey: string;
  sha256: string;
  png: Buffer;
}

export async function renderPng(text: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="100%" height="100%" fill="#ffffff"/>
    <rect x="20" y="20" width="600" height="60" fill="#1f3a5f"/><text x="40" y="60" font-size="28" fill="#ffffff">${text}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A claim with a denied claim-status result, ingested into the work queue as a worker's result would be. */
export async function seedDenial(h: Harness, claimNumber: string, portal = 'availity'): Promise<SeededDenial> {
  const run = await h.db.run.create({ data: { portalId: portal, task: 'claim-status', trigger: 'cli', jobCount: 1 } });
  const claim = await h.db.claim.create({ data: { portalId: portal, claimNumber } });
  const jobId = `${portal}.claim-status.${claim.id}.${run.id}`;
  const started = new Date(Date.now() - 60_000);
  const result = await h.db.taskResult.create({
    data: {
      jobId,
      runId: run.id,
      portalId: portal,
      payerId: 'aetna',
      task: 'claim-status',
      target: { claimNumber },
      claimId: claim.id,
      outcome: 'found',
      data: {
        claimNumber,
        payer: 'aetna',
        statusCategory: 'F2',
        statusText: 'Denied',
        billedAmount: 420.5,
        allowedAmount: null,
        paidAmount: 0,
        patientResponsibility: 0,
        checkNumber: null,
        paymentDate: null,
        adjustments: [{ group: 'CO', carc: '197', amount: 420.5 }],
        remarkCodes: ['N54'],
      },
      botVersion: 'availity@test',
      startedAt: started,
      finishedAt: new Date(started.getTime() + 1500),
    },
  });
  const ingested = await ingestClaimStatusResult(h.db, {
    claimId: claim.id,
    payerId: 'aetna',
    resultId: result.id,
    observedAt: result.finishedAt,
    data: result.data,
  });
  if (!ingested.itemId)
    throw new Error(`seed: the work queue did not open an item for ${claimNumber} (${ingested.action})`);
  return { claimId: claim.id, claimNumber, runId: run.id, resultId: result.id, jobId, workItemId: ingested.itemId };
}

export async function seedClaim(
  h: Harness,
  store: EvidenceStore,
  claimNumber: string,
  opts: { portal?: string } = {},
): Promise<SeededClaim> {
  const portal = opts.portal ?? 'availity';
  const denial = await seedDenial(h, claimNumber, portal);
  const { claimId, runId, jobId, resultId } = denial;
  const png = await renderPng(`Claim ${claimNumber} detail`);
  const capturedAt = new Date();
  const stored = await store.storeCapture(
    {
      label: 'claim-detail',
      png,
      html: `<html><body>Claim ${claimNumber}</body></html>`,
      ariaSnapshot: `- heading "Claim ${claimNumber}"`,
      url: `https://portal.example/claims/${claimNumber}`,
      finalUrl: `https://portal.example/claims/${claimNumber}`,
      httpStatus: 200,
      title: 'Claim detail',
      capturedAt,
      viewport: { width: 640, height: 360, deviceScaleFactor: 1 },
      userAgent: 'test',
      browserVersion: 'test',
      playwrightVersion: 'test',
    },
    { runId, jobId, portal, claimRef: claimNumber, botVersion: 'availity@test' },
  );
  const f = stored.manifest.files.png;
  const row = await h.db.evidence.create({
    data: {
      sha256: f.sha256,
      kind: 'screenshot',
      contentType: 'image/png',
      byteSize: f.byteSize,
      storageKey: f.storageKey,
      label: 'claim-detail',
      url: `https://portal.example/claims/${claimNumber}`,
      portalId: portal,
      jobId,
      runId,
      taskResultId: resultId,
      claimId,
      botVersion: 'availity@test',
      manifest: stored.manifest as object,
      capturedAt,
    },
  });
  return { ...denial, evidenceId: row.id, storageKey: f.storageKey, sha256: f.sha256, png };
}
