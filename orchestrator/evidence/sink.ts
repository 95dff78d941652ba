// Bridges a bot's captures to the evidence store and the evidence table. One
// sink per job: it stamps every capture with the job, run and claim it
// belongs to, so an auditor can list a claim's screens in time order.
import type { DownloadedFile, EvidenceRef, EvidenceSink, PageCapture } from '../../bots/runtime/bot.ts';
import type { Db } from '../db/client.ts';
import type { EvidenceStore } from '../../evidence-store/index.ts';

export interface JobEvidenceContext {
  jobId: string;
  runId: string;
  portal: string;
  claimId: string | null;
  claimRef: string | null;
}

export function jobEvidenceSink(db: Db, store: EvidenceStore, ctx: JobEvidenceContext): EvidenceSink {
  return {
    async capture(capture: PageCapture): Promise<EvidenceRef> {
      const stored = await store.storeCapture(capture, {
        runId: ctx.runId,
        jobId: ctx.jobId,
        portal: ctx.portal,
        claimRef: ctx.claimRef ?? undefined,
        botVersion: capture.botVersion,
      });
      const row = await db.evidence.create({
        data: {
          sha256: stored.sha256,
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
      });
      return { id: row.id, sha256: stored.sha256, url: capture.url, capturedAt: capture.capturedAt.toISOString() };
    },
    async file(file: DownloadedFile): Promise<EvidenceRef> {
      const stored = await store.putOriginal(file.bytes, {
        contentType: file.contentType,
        ext: extensionOf(file.fileName),
        label: file.label,
        runId: ctx.runId,
        jobId: ctx.jobId,
        ...(ctx.claimRef ? { claimRef: ctx.claimRef } : {}),
      });
      const manifest = { fileName: file.fileName, url: file.url, downloadedAt: file.downloadedAt.toISOString(), sha256: stored.sha256 };
      const row = await db.evidence.create({
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
      });
      return { id: row.id, sha256: stored.sha256, url: file.url, capturedAt: file.downloadedAt.toISOString() };
    },
  };
}

function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : 'bin';
}
