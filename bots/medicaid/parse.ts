// Strict parsers for the Medicaid-like portal's value formats: DD-MON-YYYY
// dates, bare amounts with parenthesised negatives. Anything else is drift.
import { BotError } from '../runtime/errors.ts';
import type { Where } from '../runtime/parse.ts';

const drift = (where: Where, what: string): BotError =>
  new BotError('layout_changed', `${where.page}: ${where.element} is not ${what}`, {
    page: where.page,
    element: where.element,
  });

/** "1234.56" -> 1234.56, "(12.34)" -> -12.34. No currency sign, no thousands separators. */
export function parseAmount(text: string, where: Where): number {
  const m = /^(\()?(\d+)\.(\d{2})(\))?$/.exec(text.trim());
  if (!m || Boolean(m[1]) !== Boolean(m[4])) throw drift(where, 'an amount like 1234.56 or (12.34)');
  const cents = Number(m[2]) * 100 + Number(m[3]);
  return (m[1] ? -cents : cents) / 100;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** "01-JAN-2026" -> "2026-01-01", checking it is a calendar date. */
export function parseMonDate(text: string, where: Where): string {
  const m = /^(\d{2})-([A-Z]{3})-(\d{4})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2] as string) + 1 : 0;
  if (!m || month === 0) throw drift(where, 'a date like 01-JAN-2026');
  const iso = `${m[3]}-${String(month).padStart(2, '0')}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) throw drift(where, 'a calendar date');
  return iso;
}

/** "2026-01-01" -> "01/01/2026", as the RA search form wants it. */
export function toSlashDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
}

/** 2026-01-01 -> 01/01/2026, as the portal's date inputs take it. */
export function slashDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
}
