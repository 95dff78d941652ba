// Decimal strings <-> integer cents, without going through floats: '0.1' +
// '0.2' must balance to '0.30' exactly, and 835 files are full of such sums.
// Numbers only appear at the edge (cents / 100 gives the double nearest the
// decimal, which JSON.stringify prints back as the same decimal).

const MAX_INT_DIGITS = 13; // keeps cents far below Number.MAX_SAFE_INTEGER

/**
 * Parse an X12 R-type monetary amount ("-12.5", "100", ".75") into cents.
 * Returns null when it is not a plain decimal with at most two significant
 * decimals (extra trailing zeros are allowed: "1.500").
 */
export function parseCents(s: string | undefined): number | null {
  if (s === undefined) return null;
  const n = s.length;
  let i = 0;
  let neg = false;
  if (n > 0 && (s.charCodeAt(0) === 45 /* - */ || s.charCodeAt(0) === 43) /* + */) {
    neg = s.charCodeAt(0) === 45;
    i = 1;
  }
  let whole = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < n && s.charCodeAt(i) === 46 /* . */) {
    i++;
    for (; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return null;
      if (fracDigits < 2) frac = frac * 10 + c;
      else if (c !== 0) return null; // sub-cent precision is not money
      fracDigits++;
    }
  }
  if (i !== n || digits + fracDigits === 0 || digits > MAX_INT_DIGITS) return null;
  if (fracDigits === 1) frac *= 10;
  const cents = whole * 100 + frac;
  return neg && cents !== 0 ? -cents : cents;
}

export function centsToNumber(cents: number): number {
  return cents / 100;
}

/** Number (as found in our JSON) to cents; rounds away float noise. */
export function numberToCents(n: number): number {
  return Math.round(n * 100);
}

/** Cents to the shortest X12 decimal: 12300 -> "123", 1250 -> "12.5", -5 -> "-0.05". */
export function formatCents(cents: number): string {
  const neg = cents < 0;
  const abs = neg ? -cents : cents;
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  let out = String(whole);
  if (frac !== 0) out += frac % 10 === 0 ? `.${String(frac / 10)}` : `.${String(frac).padStart(2, '0')}`;
  return neg ? `-${out}` : out;
}

/**
 * Parse an X12 R-type quantity (units, CAS quantity): plain decimal, optional
 * sign. Returns null for anything else, so callers decide the default.
 */
export function parseDecimal(s: string | undefined): number | null {
  if (s === undefined || s.length === 0 || s.length > 20) return null;
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46) dots++;
    else if (!(i === 0 && (c === 45 || c === 43))) return null;
  }
  if (dots > 1 || digits === 0) return null;
  return Number(s);
}

/** CCYYMMDD -> YYYY-MM-DD; null unless it is 8 digits with a plausible month/day. */
export function formatD8(s: string | undefined): string | null {
  if (s === undefined || s.length !== 8) return null;
  for (let i = 0; i < 8; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
