// The challenge queue: questions a parked login asks a person (a code sent by
// SMS or e-mail, a CAPTCHA), in PostgreSQL so any API instance can list and
// answer them and any worker can wait for the answer. A challenge is pending
// until a person answers it, its time is up (expired) or the bot gave up
// (cancelled). The answer (a one-time code, a CAPTCHA's text) is cleared once
// the waiting bot took it.
import type { ChallengeKind } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import { recordOpsEvent } from '../webhooks/ops-events.ts';

export const CHALLENGE_KINDS = ['otp_sms', 'otp_email', 'captcha', 'security_question'] as const;
export const CHALLENGE_STATUSES = ['pending', 'answered', 'expired', 'cancelled'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

export interface ChallengeView {
  id: string;
  kind: ChallengeKind;
  portal: string;
  credentialId: string;
  prompt: string;
  hasScreenshot: boolean;
  evidenceId: string | null;
  status: ChallengeStatus;
  createdAt: Date;
  expiresAt: Date;
  answeredAt: Date | null;
  answeredBy: string | null;
}

type Row = {
  id: string;
  kind: string;
  portalId: string;
  credentialId: string;
  prompt: string;
  screenshot: Uint8Array | null;
  evidenceId: string | null;
  status: string;
  createdAt: Date;
  expiresAt: Date;
  answeredAt: Date | null;
  answeredBy: string | null;
};

const view = (r: Row): ChallengeView => ({
  id: r.id,
  kind: r.kind as ChallengeKind,
  portal: r.portalId,
  credentialId: r.credentialId,
  prompt: r.prompt,
  hasScreenshot: r.screenshot !== null && r.screenshot.length > 0,
  evidenceId: r.evidenceId,
  status: (CHALLENGE_STATUSES as readonly string[]).includes(r.status) ? (r.status as ChallengeStatus) : 'cancelled',
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  answeredAt: r.answeredAt,
  answeredBy: r.answeredBy,
});

export async function createChallenge(
  db: Db,
  c: {
    kind: ChallengeKind;
    portal: string;
    credentialId: string;
    prompt: string;
    screenshot?: Buffer;
    evidenceId?: string;
    timeoutMs: number;
  },
): Promise<ChallengeView> {
  // The challenge and its `challenge.waiting` event in one transaction: a login waits minutes at most, so
  // ops hear of it (webhook, sent by the orchestrator) without watching the dashboard. The portal's prompt
  // stays out of the event (it may name a phone number or mailbox).
  const row = await db.$transaction(async (tx) => {
    const created = await tx.challenge.create({
      data: {
        kind: c.kind,
        portalId: c.portal,
        credentialId: c.credentialId,
        prompt: c.prompt,
        screenshot: c.screenshot ? new Uint8Array(c.screenshot) : null,
        evidenceId: c.evidenceId ?? null,
        expiresAt: new Date(Date.now() + c.timeoutMs),
      },
    });
    await recordOpsEvent(tx, {
      type: 'challenge.waiting',
      portal: c.portal,
      data: {
        challengeId: created.id,
        kind: c.kind,
        credentialId: c.credentialId,
        expiresAt: created.expiresAt.toISOString(),
        dashboardPath: '/dashboard/challenges',
      },
      dedupKey: `challenge.waiting:${created.id}`,
    });
    return created;
  });
  return view(row);
}

/** Marks pending challenges whose time is up as expired (so lists never show a dead one as waiting). */
export async function expireOverdue(db: Db, now = new Date()): Promise<number> {
  const r = await db.challenge.updateMany({
    where: { status: 'pending', expiresAt: { lte: now } },
    data: { status: 'expired' },
  });
  return r.count;
}

export async function listChallenges(
  db: Db,
  filter: { status?: ChallengeStatus; portal?: string; limit?: number } = {},
): Promise<ChallengeView[]> {
  await expireOverdue(db);
  const rows = await db.challenge.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.portal ? { portalId: filter.portal } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take: filter.limit ?? 100,
  });
  return rows.map(view);
}

export async function getChallenge(db: Db, id: string): Promise<ChallengeView | undefined> {
  const r = await db.challenge.findUnique({ where: { id } });
  return r ? view(r) : undefined;
}

export async function challengeScreenshot(db: Db, id: string): Promise<Buffer | undefined> {
  const r = await db.challenge.findUnique({ where: { id }, select: { screenshot: true } });
  return r?.screenshot ? Buffer.from(r.screenshot) : undefined;
}

export type AnswerOutcome = 'answered' | 'not_found' | 'not_pending';

/** A person's answer; only a pending challenge whose time is not up takes one (first answer wins). */
export async function answerChallenge(db: Db, id: string, answer: string, answeredBy: string): Promise<AnswerOutcome> {
  const r = await db.challenge.updateMany({
    where: { id, status: 'pending', expiresAt: { gt: new Date() } },
    data: { status: 'answered', answer, answeredAt: new Date(), answeredBy },
  });
  if (r.count === 1) return 'answered';
  return (await db.challenge.findUnique({ where: { id }, select: { id: true } })) ? 'not_pending' : 'not_found';
}

/**
 * The waiting bot's side: the answer once a person gave it (then cleared),
 * 'pending' while none has come, 'expired' / 'cancelled' when none will.
 */
export async function takeAnswer(
  db: Db,
  id: string,
): Promise<{ answer: string } | 'pending' | 'expired' | 'cancelled'> {
  const r = await db.challenge.findUnique({ where: { id }, select: { status: true, answer: true, expiresAt: true } });
  if (!r || r.status === 'cancelled') return 'cancelled';
  if (r.status === 'answered' && r.answer !== null) {
    await db.challenge.update({ where: { id }, data: { answer: null } });
    return { answer: r.answer };
  }
  if (r.status === 'expired') return 'expired';
  if (r.status === 'pending' && r.expiresAt.getTime() <= Date.now()) {
    const done = await db.challenge.updateMany({ where: { id, status: 'pending' }, data: { status: 'expired' } });
    // An answer may have landed between the read and the update.
    return done.count === 1 ? 'expired' : takeAnswer(db, id);
  }
  return 'pending';
}

export async function cancelChallenge(db: Db, id: string): Promise<void> {
  await db.challenge.updateMany({ where: { id, status: 'pending' }, data: { status: 'cancelled' } });
}
