// Strict parsers for values read from portal pages. A value that does not
// look exactly as expected is layout drift, never a guess: "$1,234.5",
// "1234.56" or "13/01/2025" all throw layout_changed naming where it was read.
import { BotError } from './errors.ts';

export interface Where {
  page: string;
  element: string;
}

function drift(where: Where, what: string): BotError {
  return new BotError('layout_changed', `${where.page}: ${where.element} is not ${what}`, {
    page: where.page,
    element: where.element,
  });
}

const MONEY = /^(-)?\$(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})$/;

/** "$1,234.56" -> 1234.56 (exact to the cent). Also accepts "-$12.00" and "($12.00)". */
export function parseMoney(text: string, where: Where): number {
  let t = text.trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) {
    negative = true;
    t = paren[1] as string;
  }
  const m = MONEY.exec(t);
  if (!m) throw drift(where, 'an amount like $1,234.56');
  const cents = Number((m[2] as string).replace(/,/g, '')) * 100 + Number(m[3]);
  const signed = negative || m[1] ? -cents : cents;
  return signed / 100;
}

/** "03/04/2025" (US) or "2025-03-04" -> "2025-03-04", checking it is a real calendar date. */
export function parseDate(text: string, where: Where): string {
  const t = text.trim();
  let y: number, mo: number, d: number;
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (us) [mo, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
  else if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else throw drift(where, 'a date like 01/31/2025');
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d)
    throw drift(where, 'a calendar date');
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Text that must match a pattern (codes, ids). */
export function parseCode(text: string, pattern: RegExp, where: Where, what = 'a valid code'): string {
  const t = text.trim();
  if (!pattern.test(t)) throw drift(where, what);
  return t;
}

/** Non-empty text, whitespace-normalised. */
export function parseText(text: string, where: Where): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) throw drift(where, 'present (it is empty)');
  return t;
}

/** `null` when the text is one of the portal's explicit "no value" markers, else parse(). */
export function nullable<T>(text: string, markers: readonly string[], parse: (t: string) => T): T | null {
  return markers.includes(text.trim()) ? null : parse(text);
}
