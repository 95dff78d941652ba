// How the Medicaid-like portal writes values: DD-MON-YYYY dates on claim
// pages, MM/DD/YYYY on the RA pages, bare amounts with negatives in
// parentheses ("1234.56", "(12.34)"), everything upper case.
import { escapeHtml } from '../shared/helpers.ts';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** 2026-01-01 -> 01-JAN-2026 */
export function monDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}-${MONTHS[Number(m) - 1]}-${y}`;
}
/** 2026-01-01 -> 01/01/2026 */
export function slashDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
}
/** MM/DD/YYYY -> YYYY-MM-DD, or null when it is not a real date. */
export function fromSlashDate(text: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[1]}-${m[2]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}
/** Cents -> "1234.56" or "(12.34)". */
export function amount(cents: number): string {
  const abs = Math.abs(Math.round(cents));
  const s = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `(${s})` : s;
}
export const h = escapeHtml;
