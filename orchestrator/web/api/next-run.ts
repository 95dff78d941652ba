// When a schedule fires next: computed from its cron in its own timezone with
// cron-parser (the parser BullMQ uses), for the API and the dashboard.
import { CronExpressionParser } from 'cron-parser';

export function nextRun(
  cron: string,
  timezone: string,
  from = new Date(),
): { next: Date | null; error: string | null } {
  try {
    return { next: CronExpressionParser.parse(cron, { tz: timezone, currentDate: from }).next().toDate(), error: null };
  } catch (e) {
    return { next: null, error: (e as Error).message };
  }
}
