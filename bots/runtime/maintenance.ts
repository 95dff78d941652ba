// Maintenance notices served with HTTP 200: some portals answer every page
// with "scheduled maintenance, back at 06:00 ET" and status 200, so only the
// words tell it apart from a changed page. Classified as portal_maintenance
// (retried after the window, no attempt spent, nothing locked), never
// layout_changed.
import type { Page } from 'playwright';
import { BotError } from './errors.ts';

const MAINTENANCE = /\b(scheduled|planned|system)?\s*maintenance\b|temporarily unavailable for (upgrades|maintenance)/i;

/** US portal time zones as portals write them. */
const ZONES: Record<string, string> = {
  ET: 'America/New_York',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CT: 'America/Chicago',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MT: 'America/Denver',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PT: 'America/Los_Angeles',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
};

/** Minutes the zone is ahead of UTC at `at` (negative in the US). */
function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * Milliseconds until the time a notice names ("back at 06:00 ET", "until
 * 6:30 AM EST", "back at 23:00"), the next such wall-clock time in that zone
 * (Eastern when none is named); undefined when the text names no time.
 */
export function msUntilNoticeTime(text: string, now = new Date()): number | undefined {
  const m =
    /(?:back|available|return|resume[sd]?|until|by)\D{0,20}?\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?\s*([ECMP][SD]?T)?\b/i.exec(
      text,
    );
  if (!m || (m[2] === undefined && m[3] === undefined)) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  const ampm = m[3]?.toLowerCase().replace(/\./g, '');
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  const zone = ZONES[(m[4] ?? 'ET').toUpperCase()] ?? 'America/New_York';
  const offset = zoneOffsetMinutes(zone, now);
  // The wall-clock time today in that zone, as UTC; tomorrow when it has passed.
  const local = new Date(now.getTime() + offset * 60_000);
  let target =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour, minute) - offset * 60_000;
  if (target <= now.getTime()) target += 86_400_000;
  return target - now.getTime();
}

/** Throws portal_maintenance when the page is a maintenance notice (checked by its title, cheaply). */
export async function throwIfMaintenance(page: Page, pageName: string): Promise<void> {
  const title = await page.title().catch(() => '');
  if (!MAINTENANCE.test(title)) return;
  const text = await page
    .locator('body')
    .innerText({ timeout: 1_000 })
    .catch(() => '');
  const retryAfterMs = msUntilNoticeTime(text);
  throw new BotError(
    'portal_maintenance',
    `${pageName}: the portal shows a maintenance notice${retryAfterMs !== undefined ? ' naming when it is back' : ''}`,
    { page: pageName, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
  );
}
