// The claim half of an appeal packet: who the payer is, what was denied and for
// how much, and by when to appeal. The patient, provider and appeal facts of the
// cover come from packet-cover.ts.
import { z } from 'zod';
import type { PacketClaim } from '../../evidence-store/index.ts';
import type { Db } from '../platform/db/client.ts';
import type { ClaimRecord } from './claim-lookup.ts';
import { codeDescriber } from './code-text.ts';
import { text } from '../platform/text.ts';

/** The slice of a claim-status result a packet needs, validated because it is JSON from the database. */
const StatusData = z.object({
  payer: text().optional(),
  billedAmount: z.number(),
  allowedAmount: z.number().nullable().optional(),
  paidAmount: z.number(),
  patientResponsibility: z.number(),
  paymentDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .optional(),
  adjustments: z.array(z.object({ group: text(), carc: text(), amount: z.number() })).default([]),
  remarkCodes: z.array(text()).default([]),
});

export class PacketDataError extends Error {
  override name = 'PacketDataError';
}

export interface PacketClaimInfo {
  claim: PacketClaim;
  /** Where each part came from, for the CLI summary (and auditors asking). */
  sources: { result: { taskResultId: string; jobId: string; finishedAt: string }; codes: string; deadline: string };
}

export async function packetClaimFor(db: Db, claim: ClaimRecord): Promise<PacketClaimInfo> {
  const result = await db.taskResult.findFirst({
    where: { claimId: claim.id, task: 'claim-status', outcome: 'found' },
    orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, jobId: true, data: true, finishedAt: true },
  });
  if (!result)
    throw new PacketDataError(
      `--claim "${claim.claimNumber}": no found claim-status result yet, so there are no amounts or denial codes to put in a packet`,
    );
  const parsed = StatusData.safeParse(result.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PacketDataError(`task result ${result.id}: data.${issue.path.join('.')}: ${issue.message}`);
  }
  const d = parsed.data;
  const codes = codeDescriber(d.paymentDate ?? undefined);
  const denialCodes = [
    ...d.adjustments.map((a) => ({ group: a.group, code: a.carc, description: codes.carc(a.carc), amount: a.amount })),
    // Remark codes qualify the adjustments; they carry no amount of their own.
    ...d.remarkCodes.map((r) => ({
      group: 'RARC',
      code: r,
      description: `${codes.rarc(r)} (remark, no amount)`,
      amount: 0,
    })),
  ];
  const { deadlines, source } = await deadlinesFor(db, claim, d.paymentDate ?? null, result.finishedAt);
  return {
    claim: {
      claimNumber: claim.claimNumber,
      payer: claim.payer?.name ?? d.payer ?? claim.payerId ?? claim.portalId,
      ...(claim.patientControlNumber ? { patientControlNumber: claim.patientControlNumber } : {}),
      denialCodes,
      amounts: {
        billed: d.billedAmount,
        allowed: d.allowedAmount ?? 0,
        paid: d.paidAmount,
        patientResponsibility: d.patientResponsibility,
      },
      deadlines,
    },
    sources: {
      result: { taskResultId: result.id, jobId: result.jobId, finishedAt: result.finishedAt.toISOString() },
      codes: codes.source,
      deadline: source,
    },
  };
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

async function deadlinesFor(
  db: Db,
  claim: ClaimRecord,
  paymentDate: string | null,
  observedAt: Date,
): Promise<{ deadlines: Array<{ label: string; date: string }>; source: string }> {
  // The work queue's deadline already accounts for portal-shown deadlines and policy overrides: prefer it.
  const item = await db.denialWorkItem.findUnique({
    where: { claimId: claim.id },
    select: { appealDeadline: true, deadlineSource: true, followUpAt: true },
  });
  if (item?.appealDeadline) {
    const deadlines = [
      { label: `Appeal deadline (work queue, ${item.deadlineSource})`, date: day(item.appealDeadline) },
    ];
    if (item.followUpAt) deadlines.push({ label: 'Follow-up due (work queue)', date: day(item.followUpAt) });
    return { deadlines, source: `work queue (${item.deadlineSource})` };
  }
  const window = claim.payer?.appealWindowDays ?? null;
  if (window === null)
    return { deadlines: [], source: `none: payer ${claim.payerId ?? '(unknown)'} has no appeal window configured` };
  const from = paymentDate
    ? new Date(`${paymentDate}T00:00:00Z`)
    : new Date(Date.UTC(observedAt.getUTCFullYear(), observedAt.getUTCMonth(), observedAt.getUTCDate()));
  const due = new Date(from.getTime() + window * 86_400_000);
  const basis = paymentDate
    ? `payment/denial date ${paymentDate}`
    : `denial first seen ${day(from)} (no payment date reported)`;
  return {
    deadlines: [{ label: `Appeal deadline (${window} days from ${basis})`, date: day(due) }],
    source: `payer appeal window (${window} days)`,
  };
}
