// Date arithmetic for deadlines and SLAs, in UTC. Business days are Monday to
// Friday; payer holidays are not modelled (an SLA that lands on a holiday is
// due a day early, which errs on the safe side).

const DAY_MS = 86_400_000;

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** Calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      y,
      m,
      Math.min(d.getUTCDate(), lastDay),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
}

export function isBusinessDay(d: Date): boolean {
  const wd = d.getUTCDay();
  return wd !== 0 && wd !== 6;
}

/**
 * `n` business days after `d`, keeping the time of day. Intake on a weekend
 * counts from Monday 00:00, so a Saturday denial with a 5-business-day SLA
 * gets five full business days: due at the start of the Monday after next.
 */
export function addBusinessDays(d: Date, n: number): Date {
  let cur = new Date(d.getTime());
  while (!isBusinessDay(cur)) cur = addDays(startOfUtcDay(cur), 1);
  let left = n;
  while (left > 0) {
    cur = addDays(cur, 1);
    if (isBusinessDay(cur)) left--;
  }
  return cur;
}

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** Whole days from `from` to `to` (fractional days kept; negative when past). */
export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

/** Monday 00:00 UTC of the ISO week containing `d`. */
export function startOfIsoWeek(d: Date): Date {
  const day = startOfUtcDay(d);
  const offset = (day.getUTCDay() + 6) % 7;
  return addDays(day, -offset);
}

/** "2026-W47" style label of the ISO week containing `d`. */
export function isoWeekLabel(d: Date): string {
  const day = startOfUtcDay(d);
  const thursday = addDays(day, 3 - ((day.getUTCDay() + 6) % 7));
  const yearStart = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 1));
  const week = Math.floor(daysBetween(yearStart, thursday) / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
