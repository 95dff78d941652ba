// Strict parsing of this portal's date format ("Nov 3, 2026"). Anything else
// - a US date, a misspelt month, Feb 30 - is layout drift, never a guess.
import { BotError } from '../runtime/errors.ts';
import type { Where } from '../runtime/parse.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}), (\d{4})$/;

/** "Nov 3, 2026" -> "2026-11-03". */
export function parseCaqhDate(text: string, where: Where): string {
  const m = DATE.exec(text.replace(/\s+/g, ' ').trim());
  const drift = (what: string) =>
    new BotError('layout_changed', `${where.page}: ${where.element} is not ${what}`, {
      page: where.page,
      element: where.element,
    });
  if (!m) throw drift('a date like Nov 3, 2026');
  const y = Number(m[3]);
  const mo = MONTHS.indexOf(m[1] as string) + 1;
  const d = Number(m[2]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) throw drift('a calendar date');
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A value that must be one of a portal's known wordings, mapped to ours. */
export function parseEnum<T>(text: string, table: Readonly<Record<string, T>>, where: Where, what: string): T {
  const t = text.replace(/\s+/g, ' ').trim();
  const v = Object.hasOwn(table, t) ? table[t] : undefined;
  if (v === undefined)
    throw new BotError('layout_changed', `${where.page}: ${where.element} is not a known ${what}`, {
      page: where.page,
      element: where.element,
    });
  return v;
}
