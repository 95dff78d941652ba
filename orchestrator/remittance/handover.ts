// Hands matched remittance claims to the denial work queue (ingestEraClaim):
// every denial, explicit or silent, and any claim that already has a work
// item (so a later payment can resolve it). Each row records what the queue
// did, so a re-run after a crash hands over only what is still pending.
import type { Db } from '../platform/db/client.ts';
import type { Logger } from '../platform/logging.ts';
import { ingestEraClaim, WorkqueueInputError } from '../denials/index.ts';
import { QUEUED_KINDS, type DenialKind } from './classify.ts';

export interface HandOverSummary {
  /** Claims handed to the work queue in this call, by the queue's action (created, updated, resolved, ...). */
  actions: Record<string, number>;
  failed: number;
}

interface AdjJson {
  group: string;
  reason: string;
  amount: number;
  quantity: number | null;
}
interface LineJson {
  chargeAmount: number;
  paidAmount: number;
  allowedAmount: number | null;
  adjustments: AdjJson[];
  remarkCodes: { code: string }[];
}

const num = (d: { toString(): string }): number => Number(d.toString());
const strip = (a: AdjJson) => ({ group: a.group, reason: a.reason, amount: a.amount, quantity: a.quantity });

/** Rows read per round: a large remittance's matched claims are never all in memory at once. */
const PAGE = 2_000;

export async function handOverDenials(
  db: Db,
  fileId: string,
  ctx: { logger?: Logger; now?: Date },
): Promise<HandOverSummary> {
  const summary: HandOverSummary = { actions: {}, failed: 0 };
  // Every row of a page leaves the pending set (it gets an action), so the next page is the next rows.
  for (;;) {
    const rows = await pendingRows(db, fileId);
    if (rows.length === 0) return summary;
    await handOverPage(db, rows, ctx, summary);
    if (rows.length < PAGE) return summary;
  }
}

function pendingRows(db: Db, fileId: string) {
  return db.eraRemittanceClaim.findMany({
    where: {
      payment: { fileId },
      matchedClaimId: { not: null },
      workqueueAction: null,
      OR: [{ denialKind: null }, { denialKind: { not: 'reversal' } }],
    },
    include: { payment: { select: { paymentDate: true, payeeNpi: true } } },
    orderBy: [{ paymentId: 'asc' }, { claimIndex: 'asc' }],
    take: PAGE,
  });
}

async function handOverPage(
  db: Db,
  rows: Awaited<ReturnType<typeof pendingRows>>,
  ctx: { logger?: Logger; now?: Date },
  summary: HandOverSummary,
): Promise<void> {
  const withItems = new Set(
    (
      await db.denialWorkItem.findMany({
        where: { claimId: { in: rows.map((r) => r.matchedClaimId as string) } },
        select: { claimId: true },
      })
    ).map((w) => w.claimId),
  );
  // Paid claims with nothing open in the queue: one UPDATE for all of them, not one per row.
  const notNeeded = rows.filter(
    (r) =>
      !(r.denialKind && QUEUED_KINDS.has(r.denialKind as DenialKind)) && !withItems.has(r.matchedClaimId as string),
  );
  if (notNeeded.length)
    await db.eraRemittanceClaim.updateMany({
      where: { id: { in: notNeeded.map((r) => r.id) } },
      data: { workqueueAction: 'not_needed' },
    });
  const skip = new Set(notNeeded);
  for (const r of rows) {
    if (skip.has(r)) continue;
    const claimId = r.matchedClaimId as string;
    const lines = r.serviceLines as unknown as LineJson[];
    const claim = {
      patientControlNumber: r.patientControlNumber,
      statusCode: r.statusCode,
      chargeAmount: num(r.chargeAmount),
      paidAmount: num(r.paidAmount),
      patientResponsibility: num(r.patientResponsibility),
      payerClaimControlNumber: r.payerClaimNumber,
      adjustments: (r.adjustments as unknown as AdjJson[]).map(strip),
      serviceLines: lines.map((l) => ({
        chargeAmount: l.chargeAmount,
        paidAmount: l.paidAmount,
        allowedAmount: l.allowedAmount,
        adjustments: l.adjustments.map(strip),
        remarkCodes: l.remarkCodes.map((c) => c.code),
      })),
      remarkCodes: (r.remarkCodes as unknown as { code: string }[]).map((c) => c.code),
    };
    try {
      const res = await ingestEraClaim(
        db,
        {
          claimId,
          resultId: `era-claim:${r.id}`,
          observedAt: ctx.now ?? new Date(),
          paymentDate: r.payment.paymentDate ? r.payment.paymentDate.toISOString().slice(0, 10) : null,
          payeeNpi: r.payment.payeeNpi && /^\d{10}$/.test(r.payment.payeeNpi) ? r.payment.payeeNpi : null,
          claim,
        },
        ctx.logger ? { logger: ctx.logger, ...(ctx.now ? { now: ctx.now } : {}) } : ctx.now ? { now: ctx.now } : {},
      );
      await db.eraRemittanceClaim.update({
        where: { id: r.id },
        data: { workqueueAction: res.action, workItemId: res.itemId },
      });
      summary.actions[res.action] = (summary.actions[res.action] ?? 0) + 1;
    } catch (e) {
      if (!(e instanceof WorkqueueInputError)) throw e;
      // Bad data for the queue is recorded on the row (and stays visible), not retried forever.
      await db.eraRemittanceClaim.update({ where: { id: r.id }, data: { workqueueAction: 'failed' } });
      ctx.logger?.warn(
        { event: 'era_workqueue_failed', remittanceClaimId: r.id, error: e.message },
        'denial work queue rejected an ERA claim',
      );
      summary.failed++;
    }
  }
}
