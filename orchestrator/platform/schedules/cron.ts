// A cron expression and an IANA timezone, validated. Kept apart from the
// schedule schema (validate.ts, which knows the bots' task names) so the
// config schema can use them without loading every bot at CLI start-up.
import cron from 'node-cron';
import { text } from '../text.ts';

export const CronExpression = text()
  .trim()
  .min(1, 'is required')
  .superRefine((expr, ctx) => {
    const v = cron.validateDetailed(expr);
    if (!v.valid) {
      const e = v.errors[0];
      ctx.addIssue({
        code: 'custom',
        message: `is not a valid cron expression${e ? ` (${e.field}: ${e.message})` : ''}`,
      });
    }
  });

export const TimeZone = text().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}, 'must be an IANA timezone such as America/New_York or UTC');
