// Strict parsers for the UHC-like portal's own value formats: plain amounts
// ("1234.56", reductions as "(12.34)"), DD-MON-YYYY dates on claim screens,
// "March 4, 2025" in letters, dashed TINs. Anything else is layout drift,
// reported with the page and element it was read from, never a guess.
import { BotError } from '../runtime/errors.ts';
import type { Where } from '../runtime/parse.ts';

const drift = (where: Where, what: string): BotError =>
  new BotError('layout_changed', `${where.page}: ${where.element} is not ${what}`, {
    page: where.page,
    element: where.element,
  });

const PLAIN = /^(\()?(\d+)\.(\d{2})(\))?$/;

/** "1234.56" -> 1234.56; "(12.34)" -> -12.34. No currency sign, no thousands separator. */
export function parsePlainAmount(text: string, where: Where): number {
  const m = PLAIN.exec(text.trim());
  if (!m || Boolean(m[1]) !== Boolean(m[4])) throw drift(where, 'an amount like 1234.56 or (12.34)');
  const cents = Number(m[2]) * 100 + Number(m[3]);
  return (m[1] ? -cents : cents) / 100;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function isoOf(y: number, mo: number, d: number, where: Where): string {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d)
    throw drift(where, 'a calendar date');
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "04-MAR-2025" -> "2025-03-04". */
export function parseMonDate(text: string, where: Where): string {
  const m = /^(\d{2})-([A-Z]{3})-(\d{4})$/.exec(text.trim());
  if (!m) throw drift(where, 'a date like 04-MAR-2025');
  return isoOf(Number(m[3]), MONTHS.indexOf(m[2] as string) + 1, Number(m[1]), where);
}

export const LONG_DATE_SOURCE =
  '(January|February|March|April|May|June|July|August|September|October|November|December) (\\d{1,2}), (\\d{4})';

/** "March 4, 2025" -> "2025-03-04". */
export function parseLongDate(text: string, where: Where): string {
  const m = new RegExp(`^${LONG_DATE_SOURCE}$`).exec(text.trim());
  if (!m) throw drift(where, 'a date like March 4, 2025');
  return isoOf(Number(m[3]), LONG_MONTHS.indexOf(m[1] as string) + 1, Number(m[2]), where);
}

/** "67-0303049" (possibly inside longer text) -> "67-0303049". */
export function parseTin(text: string, where: Where): string {
  const m = /\b(\d{2}-\d{7})\b/.exec(text);
  if (!m) throw drift(where, 'a Tax ID like 12-3456789');
  return m[1] as string;
}

/** ISO date -> the MM/DD/YYYY the portal's search forms take. */
export function usInput(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
}
