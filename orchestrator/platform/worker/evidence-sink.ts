// Bridges a bot's captures to the evidence store and the evidence table. One
// sink per job: it stamps every capture with the job, run and claim it
// belongs to, so an auditor can list a claim's screens in time order.
//
// Write-behind: capture() hashes the screenshot, picks the evidence row's id
// and returns the reference at once; the store write and the row insert run
// behind the bot, one capture after another in capture order, so the browser
// goes on to its next step (or the next job) while the disk and the database
// work. flush() waits for them: the worker calls it before it records the
// result, so no result ever names evidence that is not durable.
//
// Order of writes: file (and its ledger entry) first, evidence row second, so
// a row never points at a file that is not there. A failure in between is a
// storage failure, not a bot failure: the sink remembers it (flush() reports
// it; a file download, which is awaited, fails the bot's step) so the worker
// retries the job as an infrastructure retry, and adoptRecordedCaptures()
// gives a capture that reached the ledger its missing row on that retry.
import { createHash, randomUUID } from 'node:crypto';
import type { DownloadedFile, EvidenceRef, EvidenceSink, PageCapture } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import type { EvidenceStore } from '../../../evidence-store/index.ts';
import { infraStep, type InfrastructureError } from './infra-retry.ts';

export interface JobEvidenceContext {
  jobId: string;
  runId: string;
  portal: string;
  claimId: string | null;
  claimRef: string | null;
}

export interface JobEvidenceSink extends EvidenceSink {
  /** Waits until every capture handed to this sink is stored and has its row; resolves with the first storage failure, if any. */
  flush(): Promise<InfrastructureError | null>;
  /** The first storage failure this sink hit so far, if any (the bot did not see it). */
  failure(): InfrastructureError | null;
}

export function jobEvidenceSink(db: Db, store: EvidenceStore, ctx: JobEvidenceContext): JobEvidenceSink {
  let failure: InfrastructureError | null = null;
  /** The chain of write-behind captures, in capture order; never rejects. */
  let pending: Promise<void> = Promise.resolve();
  const guarded = async <T>(component: 'evidence' | 'database', step: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await infraStep(component, step, fn);
    } catch (err) {
      failure ??= err as InfrastructureError;
      throw err;
    }
  };
  const writeCapture = async (id: string, sha256: string, capture: PageCapture): Promise<void> => {
    const stored = await guarded('evidence', 'evidence capture write', () =>
      store.storeCapture(capture, {
        runId: ctx.runId,
        jobId: ctx.jobId,
        portal: ctx.portal,
        claimRef: ctx.claimRef ?? undefined,
        botVersion: capture.botVersion,
      }),
    );
    await guarded('database', 'evidence row insert', () =>
      db.evidence.create({
        data: {
          id,
          sha256,
          kind: 'screenshot',
          contentType: 'image/png',
          byteSize: stored.byteSize,
          storageKey: stored.storageKey,
          label: capture.label,
          url: capture.url,
          portalId: ctx.portal,
          jobId: ctx.jobId,
          runId: ctx.runId,
          claimId: ctx.claimId,
          botVersion: capture.botVersion,
          manifest: stored.manifest as object,
          capturedAt: capture.capturedAt,
        },
        select: { id: true },
      }),
    );
  };
  return {
    failure: () => failure,
    flush: async () => {
      // Captures may be added while earlier ones are written: wait until the chain stops growing.
      for (let seen: Promise<void> | undefined; seen !== pending; ) {
        seen = pending;
        await seen;
      }
      return failure;
    },
    capture(capture: PageCapture): Promise<EvidenceRef> {
      const id = randomUUID();
      const sha256 = createHash('sha256').update(capture.png).digest('hex');
      // After a failure nothing more is written: the job is retried whole.
      pending = pending.then(() => (failure ? undefined : writeCapture(id, sha256, capture).catch(() => undefined)));
      return Promise.resolve({ id, sha256, url: capture.url, capturedAt: capture.capturedAt.toISOString() });
    },
    async file(file: DownloadedFile): Promise<EvidenceRef> {
      const stored = await guarded('evidence', 'evidence file write', () =>
        store.putOriginal(file.bytes, {
          contentType: file.contentType,
          ext: extensionOf(file.fileName),
          label: file.label,
          runId: ctx.runId,
          jobId: ctx.jobId,
          ...(ctx.claimRef ? { claimRef: ctx.claimRef } : {}),
        }),
      );
      const manifest = {
        fileName: file.fileName,
        url: file.url,
        downloadedAt: file.downloadedAt.toISOString(),
        sha256: stored.sha256,
      };
      const row = await guarded('database', 'evidence row insert', () =>
        db.evidence.create({
          data: {
            sha256: stored.sha256,
            kind: 'file',
            contentType: file.contentType,
            byteSize: stored.byteSize,
            storageKey: stored.storageKey,
            label: file.label,
            url: file.url,
            portalId: ctx.portal,
            jobId: ctx.jobId,
            runId: ctx.runId,
            claimId: ctx.claimId,
            botVersion: file.botVersion,
            manifest,
            capturedAt: file.downloadedAt,
          },
          select: { id: true },
        }),
      );
      return { id: row.id, sha256: stored.sha256, url: file.url, capturedAt: file.downloadedAt.toISOString() };
    },
  };
}

/**
 * Gives every capture this job recorded in the evidence ledger an evidence
 * row if it has none: the row insert of an earlier delivery failed after the
 * capture was chained (database gone, process killed). Captures are found by
 * claim (the ledger's claim reference), so jobs without a claim have nothing
 * to adopt. Returns the number of rows created.
 */
export async function adoptRecordedCaptures(db: Db, store: EvidenceStore, ctx: JobEvidenceContext): Promise<number> {
  if (!ctx.claimRef) return 0;
  const recorded = (await store.listCaptures(ctx.claimRef)).filter((c) => c.manifest.jobId === ctx.jobId);
  if (recorded.length === 0) return 0;
  const have = new Set(
    (await db.evidence.findMany({ where: { jobId: ctx.jobId }, select: { storageKey: true } })).map(
      (r) => r.storageKey,
    ),
  );
  let created = 0;
  for (const c of recorded) {
    if (have.has(c.storageKey)) continue;
    const m = c.manifest;
    await db.evidence.create({
      data: {
        sha256: c.sha256,
        kind: 'screenshot',
        contentType: 'image/png',
        byteSize: c.byteSize,
        storageKey: c.storageKey,
        label: m.label,
        url: m.url,
        portalId: ctx.portal,
        jobId: ctx.jobId,
        runId: ctx.runId,
        claimId: ctx.claimId,
        botVersion: m.botVersion,
        manifest: m as object,
        capturedAt: new Date(m.capturedAt),
      },
    });
    have.add(c.storageKey);
    created++;
  }
  return created;
}

function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : 'bin';
}
