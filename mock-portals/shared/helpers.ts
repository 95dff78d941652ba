// Small pure helpers for fixture data: dates without time zones, cents, NPIs.

/** Days since 1970-01-01 (UTC) for an ISO date, so date arithmetic never
 * depends on the host time zone. */
export function isoToDay(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
export function dayToIso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
export function addDays(iso: string, days: number): string {
  return dayToIso(isoToDay(iso) + days);
}
/** YYYY-MM-DD -> MM/DD/YYYY, as US portals show dates. */
export function usDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
}

/** Integer cents -> JSON number exact to the cent. */
export function toDollars(cents: number): number {
  return Math.round(cents) / 100;
}
/** Integer cents -> "$1,234.56". */
export function formatUsd(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** A 10-digit NPI with a valid check digit (Luhn over the "80840" prefix). */
export function npiFromNine(nine: string): string {
  const digits = `80840${nine}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${nine}${(10 - (sum % 10)) % 10}`;
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
