// The pure decisions for one work item: routing, soft/hard, corrected claim vs
// appeal vs write-off, appeal deadline, SLA and follow-up dates, priority.
// No database here: store.ts calls these and persists the answers.
import { addBusinessDays, addDays, addMonths, daysBetween } from './calendar.ts';
import { rejectionRouting, routeCarc } from './codes-adapter.ts';
import type { DenialFacts, DenialSignal } from './facts.ts';
import { FALLBACK_APPEAL_WINDOW, type DenialType, type Route, type WorkqueuePolicy } from './policy-data.ts';
import { priorityScore } from './priority.ts';
import type { State } from './states.ts';

/** SLA clocks (DESIGN.md + the framework article). */
export const SLA = {
  rejectionBusinessDays: 1,
  softBusinessDays: 5,
  hardAppealFilingDays: 30,
  followUpDays: { portal: 14, mail: 30 } as Record<SubmissionChannel, number>,
} as const;

export const SUBMISSION_CHANNELS = ['portal', 'mail'] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

export interface Deadline {
  appealDeadline: Date | null;
  /** 'portal' (shown by the payer), 'payer:<id>' (window on file), 'fallback', or 'not_applicable' (rejections). */
  source: string;
}

const isoDay = (s: string) => new Date(`${s}T00:00:00Z`);

export function appealDeadline(f: DenialFacts, signal: DenialSignal, policy: WorkqueuePolicy): Deadline {
  if (signal.kind === 'rejection') return { appealDeadline: null, source: 'not_applicable' };
  if (f.portalAppealDeadline) return { appealDeadline: isoDay(f.portalAppealDeadline), source: 'portal' };
  const onFile = f.payerId ? policy.appealWindows[f.payerId] : undefined;
  const window = onFile ?? FALLBACK_APPEAL_WINDOW;
  const firstDenied =
    f.determinationDate && isoDay(f.determinationDate) < f.firstDeniedAt
      ? isoDay(f.determinationDate)
      : f.firstDeniedAt;
  const basis =
    window.from === 'initial_denial'
      ? firstDenied
      : window.from === 'determination'
        ? f.determinationDate
          ? isoDay(f.determinationDate)
          : f.eobDate
            ? isoDay(f.eobDate)
            : f.firstDeniedAt
        : f.eobDate
          ? isoDay(f.eobDate)
          : f.determinationDate
            ? isoDay(f.determinationDate)
            : f.firstDeniedAt;
  const deadline = window.months !== undefined ? addMonths(basis, window.months) : addDays(basis, window.days!);
  return { appealDeadline: deadline, source: onFile ? `payer:${f.payerId}` : 'fallback' };
}

export interface Assessment {
  rootCause: string;
  team: string;
  denialType: DenialType;
  route: Route;
  recoverability: number;
  dollarsAtRisk: number;
  appealDeadline: Date | null;
  deadlineSource: string;
  urgency: number;
  priorityScore: number;
}

export function assess(f: DenialFacts, signal: DenialSignal, policy: WorkqueuePolicy, now: Date): Assessment {
  const rule =
    signal.kind === 'rejection'
      ? rejectionRouting(policy.handling)
      : routeCarc(policy.handling, signal.primaryCarc, f.remarkCodes);
  const dollarsAtRisk = signal.dollarsAtRiskCents / 100;
  // Rework costs about $25 a claim (AHIMA): below the threshold, policy writes it off.
  const route: Route = dollarsAtRisk < policy.writeOffThreshold ? 'write_off' : rule.route;
  const deadline = appealDeadline(f, signal, policy);
  const daysLeft = deadline.appealDeadline ? daysBetween(now, deadline.appealDeadline) : null;
  const { urgency, score } = priorityScore({ dollarsAtRisk, daysLeft, recoverability: rule.recoverability });
  return {
    rootCause: rule.rootCause,
    team: rule.team,
    denialType: rule.denialType,
    route,
    recoverability: rule.recoverability,
    dollarsAtRisk,
    appealDeadline: deadline.appealDeadline,
    deadlineSource: deadline.source,
    urgency,
    priorityScore: score,
  };
}

export interface SlaInput {
  state: State;
  kind: DenialSignal['kind'];
  denialType: DenialType;
  route: Route;
  firstDeniedAt: Date;
  appealDeadline: Date | null;
  followUpAt: Date | null;
}

/**
 * When the item must next be acted on. Open work: rejections in 1 business
 * day, soft denials and write-off decisions in 5 business days, hard denials
 * appealed within 30 days (never later than the appeal deadline). Submitted
 * appeals/corrections: the follow-up date. Closed items have no SLA (null).
 */
export function slaDueAt(i: SlaInput): Date | null {
  switch (i.state) {
    case 'resolved':
    case 'written_off':
      return null;
    case 'appealed':
    case 'corrected':
      return i.followUpAt;
    default: {
      if (i.kind === 'rejection') return addBusinessDays(i.firstDeniedAt, SLA.rejectionBusinessDays);
      if (i.denialType === 'soft' || i.route === 'write_off')
        return addBusinessDays(i.firstDeniedAt, SLA.softBusinessDays);
      const filing = addDays(i.firstDeniedAt, SLA.hardAppealFilingDays);
      return i.appealDeadline && i.appealDeadline < filing ? i.appealDeadline : filing;
    }
  }
}

export function followUpDate(submittedAt: Date, channel: SubmissionChannel): Date {
  return addDays(submittedAt, SLA.followUpDays[channel]);
}
