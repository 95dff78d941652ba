// Maintenance windows: wall-clock periods, in the schedule's own timezone,
// during which a schedule does not fire (payers announce portal downtime as
// "Sundays 1-3 AM Eastern"). Written as "<days> HH:MM-HH:MM" where days is
// `daily`, a day (`Sun`), a range (`Mon-Fri`) or a list (`Sat,Sun`). A window
// whose end is not after its start runs past midnight into the next day.
import { z } from 'zod';
import { text } from '../text.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const MaintenanceWindow = z.object({
  spec: text(),
  days: z.array(z.number().int().min(0).max(6)).min(1),
  startMinute: z.number().int().min(0).max(1439),
  endMinute: z.number().int().min(0).max(1440),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export class MaintenanceWindowError extends Error {
  override name = 'MaintenanceWindowError';
}

function dayIndex(token: string, spec: string): number {
  const i = DAYS.indexOf(token.toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
  if (i < 0 || !/^[a-z]{3,9}$/i.test(token))
    throw new MaintenanceWindowError(`maintenance "${spec}": "${token}" is not a day (Sun..Sat)`);
  return i;
}

function minutes(hhmm: string, spec: string): number {
  if (hhmm === '24:00') return 1440;
  const m = HHMM.exec(hhmm);
  if (!m) throw new MaintenanceWindowError(`maintenance "${spec}": "${hhmm}" is not a time as HH:MM (00:00-23:59)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function parseMaintenanceWindow(spec: string): MaintenanceWindow {
  const m = /^\s*(\S+)\s+(\d{2}:\d{2})-(\d{2}:\d{2})\s*$/.exec(spec);
  if (!m)
    throw new MaintenanceWindowError(
      `maintenance "${spec}": expected "<days> HH:MM-HH:MM", e.g. "Sun 01:00-03:00" or "daily 22:00-23:30"`,
    );
  const [, dayPart, from, to] = m as unknown as [string, string, string, string];
  let days: number[];
  if (/^(daily|\*)$/i.test(dayPart)) days = [0, 1, 2, 3, 4, 5, 6];
  else {
    days = [];
    for (const piece of dayPart.split(',')) {
      const [a, b] = piece.split('-');
      const start = dayIndex(a!, spec);
      if (b === undefined) days.push(start);
      else
        for (let d = start, end = dayIndex(b, spec); ; d = (d + 1) % 7) {
          days.push(d);
          if (d === end) break;
        }
    }
  }
  const startMinute = minutes(from, spec);
  const endMinute = minutes(to, spec);
  if (startMinute === endMinute)
    throw new MaintenanceWindowError(`maintenance "${spec}": start and end are the same time`);
  return { spec: spec.trim(), days: [...new Set(days)].sort(), startMinute, endMinute };
}

/** Day of week (0 = Sunday) and minute of day of `at` on the wall clock of `timeZone`. */
export function wallClock(at: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { day: dayIndex(get('weekday'), 'clock'), minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

export function inMaintenance(
  at: Date,
  timeZone: string,
  windows: readonly MaintenanceWindow[],
): MaintenanceWindow | undefined {
  const { day, minute } = wallClock(at, timeZone);
  const yesterday = (day + 6) % 7;
  return windows.find((w) => {
    if (w.endMinute > w.startMinute) return w.days.includes(day) && minute >= w.startMinute && minute < w.endMinute;
    // Overnight: the evening part belongs to the listed day, the morning part to the day after.
    return (w.days.includes(day) && minute >= w.startMinute) || (w.days.includes(yesterday) && minute < w.endMinute);
  });
}
