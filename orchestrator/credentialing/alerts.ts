// Credentialing alerts (DESIGN.md "Credentialing"): CAQH re-attestation is due
// every 120 days, and a provider whose attestation or payer enrollment expires
// within 30 days must be flagged before claims start to deny for it. Pure:
// the caller passes "today", so a sweep, a test and a replay agree.
import { z } from 'zod';
import { CredentialingStatusOutput, IsoDate } from '../../bots/index.ts';

export const DEFAULT_ALERT_WINDOW_DAYS = 30;

export const CREDENTIALING_ALERT_KINDS = [
  /** Re-attestation due within the window (today included). */
  'reattestation_due_soon',
  /** Re-attestation date passed, profile not yet marked expired. */
  'reattestation_overdue',
  /** The portal says the profile has expired. */
  'profile_expired',
  /** An active enrollment ends within the window. */
  'enrollment_expiring',
  /** An enrollment has ended by expiry (not by termination or denial). */
  'enrollment_expired',
] as const;
export type CredentialingAlertKind = (typeof CREDENTIALING_ALERT_KINDS)[number];

export interface CredentialingAlert {
  kind: CredentialingAlertKind;
  npi: string;
  /** The payer of an enrollment alert; absent for profile alerts. */
  payer?: string;
  /** The date the alert is about (due or expiry date), when known. */
  date: string | null;
  /** Days from today to `date` (negative when past); null when no date is known. */
  daysRemaining: number | null;
  message: string;
}

const Options = z.object({
  today: IsoDate,
  windowDays: z.number().int('must be a whole number of days').min(0, 'must be >= 0').max(3650, 'must be <= 3650'),
});

const dayNumber = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const when = (days: number): string =>
  days === 0
    ? 'today'
    : days > 0
      ? `in ${days} day${days === 1 ? '' : 's'}`
      : `${-days} day${days === -1 ? '' : 's'} ago`;

/** Enrollment states in which the provider is (or was until expiry) billing the payer. */
const ACTIVE_ENROLLMENT = new Set(['approved', 'reattestation_due']);

/**
 * The flags for one provider's credentialing status as of `today`
 * (YYYY-MM-DD), most urgent first. Throws a ZodError naming the field when
 * the output or options are malformed.
 */
export function credentialingAlerts(
  output: CredentialingStatusOutput,
  today: string,
  windowDays: number = DEFAULT_ALERT_WINDOW_DAYS,
): CredentialingAlert[] {
  const status = CredentialingStatusOutput.parse(output);
  const opts = Options.parse({ today, windowDays });
  const daysTo = (iso: string) => dayNumber(iso) - dayNumber(opts.today);
  const alerts: CredentialingAlert[] = [];
  const { npi } = status;

  const due = status.reattestationDueDate;
  const dueDays = due ? daysTo(due) : null;
  if (status.profileStatus === 'expired') {
    alerts.push({
      kind: 'profile_expired',
      npi,
      date: due,
      daysRemaining: dueDays,
      message: `CAQH profile has expired${due ? ` (re-attestation was due ${due})` : ''}`,
    });
  } else if (dueDays !== null && dueDays < 0) {
    alerts.push({
      kind: 'reattestation_overdue',
      npi,
      date: due,
      daysRemaining: dueDays,
      message: `CAQH re-attestation was due ${when(dueDays)} (${due})`,
    });
  } else if ((dueDays !== null && dueDays <= opts.windowDays) || status.profileStatus === 'reattestation_due') {
    alerts.push({
      kind: 'reattestation_due_soon',
      npi,
      date: due,
      daysRemaining: dueDays,
      message: due ? `CAQH re-attestation due ${when(dueDays as number)} (${due})` : 'CAQH re-attestation is due',
    });
  }

  for (const e of status.enrollments) {
    const days = e.expiryDate ? daysTo(e.expiryDate) : null;
    if (e.status === 'expired' || (ACTIVE_ENROLLMENT.has(e.status) && days !== null && days < 0)) {
      alerts.push({
        kind: 'enrollment_expired',
        npi,
        payer: e.payer,
        date: e.expiryDate,
        daysRemaining: days,
        message: `Enrollment with ${e.payer} has expired${e.expiryDate ? ` (${e.expiryDate})` : ''}`,
      });
    } else if (ACTIVE_ENROLLMENT.has(e.status) && days !== null && days <= opts.windowDays) {
      alerts.push({
        kind: 'enrollment_expiring',
        npi,
        payer: e.payer,
        date: e.expiryDate,
        daysRemaining: days,
        message: `Enrollment with ${e.payer} expires ${when(days)} (${e.expiryDate})`,
      });
    }
  }
  // Most urgent first; undated flags after dated ones; stable otherwise.
  return alerts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.daysRemaining ?? Infinity) - (y.a.daysRemaining ?? Infinity) || x.i - y.i)
    .map(({ a }) => a);
}
