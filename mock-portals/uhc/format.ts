// How the UHC-like portal writes values. Deliberately unlike the Availity-like
// portal: plain amounts ("1234.56", reductions in parentheses), DD-MON-YYYY on
// claim screens, long dates in letters, YYYYMMDD in CSV exports, dashed TINs.
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

const parts = (iso: string): [string, number, string] => {
  const [y, m, d] = iso.split('-') as [string, string, string];
  return [y, Number(m), d];
};

/** 123456 -> "1234.56"; negatives in parentheses: -1234 -> "(12.34)". */
export function plainAmount(cents: number): string {
  const abs = Math.abs(Math.round(cents));
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `(${text})` : text;
}

/** 2025-03-04 -> "04-MAR-2025". */
export function monDate(iso: string): string {
  const [y, m, d] = parts(iso);
  return `${d}-${MONTHS[m - 1]}-${y}`;
}

/** 2025-03-04 -> "March 4, 2025". */
export function longDate(iso: string): string {
  const [y, m, d] = parts(iso);
  return `${LONG_MONTHS[m - 1]} ${Number(d)}, ${y}`;
}

/** 2025-03-04 -> "20250304". */
export function compactDate(iso: string): string {
  return iso.replace(/-/g, '');
}

/** "670303049" -> "67-0303049". */
export function dashedTin(tin: string): string {
  return `${tin.slice(0, 2)}-${tin.slice(2)}`;
}

/** "03/04/2025" -> "2025-03-04", or null when not a real calendar date. */
export function parseUsDate(text: string | undefined): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec((text ?? '').trim());
  if (!m) return null;
  const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[3]}-${m[1]}-${m[2]}`;
}
