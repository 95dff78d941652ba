// Seeded random remittances that balance by construction. Used by the
// benchmark (to write big files through the mock-portal writer) and by the
// writer round-trip test. Names and ids are synthetic: no real PHI.
import type { Adjustment, ProviderAdjustment, ServiceLine } from './types.ts';
import type { WritableClaim, WritableTransaction } from './write.ts';

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data; same seed, same data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const maybe = <T>(rng: Rng, p: number, f: () => T): T | null => (rng() < p ? f() : null);
const alnum = (rng: Rng, n: number) => {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(rng() * chars.length)];
  return s;
};
/** Signed cents to a JSON amount, never -0 (it would not survive a round trip). */
const amt = (sign: number, cents: number) => (cents === 0 ? 0 : (sign * cents) / 100);
const date = (rng: Rng) =>
  `2024-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`;

const CPT = ['99213', '99214', '99203', '93000', '80053', '85025', '36415', '97110', '71046', 'J1100', 'G0439'];
const MODS = ['25', '59', 'GT', 'LT', 'RT', '26', 'TC', '95', 'XU'];
const CO = ['45', '253', '97', '16', '50', '197', '18', '4', '59', '236'];
const PR = ['1', '2', '3'];
const OA = ['23', '94'];
const RARC = ['N130', 'M15', 'N290', 'MA130', 'N381', 'M80', 'N20', 'N386'];
const LAST = ['SMITH', 'JONES', 'GARCIA', 'NGUYEN', 'PATEL', 'KIM', 'BROWN'];
const FIRST = ['ALEX', 'SAM', 'JORDAN', 'TAYLOR', 'CASEY', 'RILEY'];

/** Split `total` cents into 1..n positive-ish parts (last part takes the rest). */
function split(rng: Rng, total: number, n: number): number[] {
  const parts: number[] = [];
  let rest = total;
  for (let i = 0; i < n - 1 && rest > 1; i++) {
    const p = int(rng, 0, rest);
    parts.push(p);
    rest -= p;
  }
  parts.push(rest);
  return parts;
}

function adjustments(rng: Rng, totalCents: number, sign: number): { adjs: Adjustment[]; prCents: number } {
  const adjs: Adjustment[] = [];
  let prCents = 0;
  for (const c of split(rng, totalCents, int(rng, 1, 6))) {
    const group = pick(rng, ['CO', 'CO', 'PR', 'OA', 'PI'] as const);
    const reason = group === 'PR' ? pick(rng, PR) : group === 'OA' ? pick(rng, OA) : pick(rng, CO);
    if (group === 'PR') prCents += c;
    adjs.push({ group, reason, amount: amt(sign, c), quantity: rng() < 0.2 ? int(rng, 1, 3) : null });
  }
  return { adjs, prCents };
}

function serviceLine(rng: Rng, sign: number): { line: ServiceLine; charge: number; paid: number; pr: number } {
  const charge = int(rng, 500, 90000);
  const paid = rng() < 0.15 ? 0 : int(rng, 0, charge);
  const { adjs, prCents } = charge === paid ? { adjs: [], prCents: 0 } : adjustments(rng, charge - paid, sign);
  const mods: string[] = [];
  for (let i = int(rng, 0, 4); i > 0; i--) mods.push(pick(rng, MODS));
  const line: ServiceLine = {
    procedure: { qualifier: 'HC', code: pick(rng, CPT), modifiers: mods },
    chargeAmount: amt(sign, charge),
    paidAmount: amt(sign, paid),
    units: rng() < 0.1 ? 1.5 : int(rng, 1, 4),
    adjustments: adjs,
    remarkCodes: Array.from({ length: int(rng, 0, 2) }, () => pick(rng, RARC)),
    serviceDate: maybe(rng, 0.9, () => date(rng)),
    allowedAmount: maybe(rng, 0.5, () => amt(sign, paid + prCents)),
    lineItemControlNumber: maybe(rng, 0.7, () => alnum(rng, 10)),
  };
  return { line, charge, paid, pr: prCents };
}

export function randomClaim(rng: Rng): WritableClaim {
  const statusCode = pick(rng, ['1', '1', '1', '2', '4', '19', '22']);
  const sign = statusCode === '22' ? -1 : 1;
  const lines = Array.from({ length: int(rng, 0, 4) }, () => serviceLine(rng, sign));
  let charge = lines.reduce((n, l) => n + l.charge, 0);
  let paid = lines.reduce((n, l) => n + l.paid, 0);
  let pr = lines.reduce((n, l) => n + l.pr, 0);
  const claimAdjs: Adjustment[] = [];
  if (lines.length === 0) {
    charge = int(rng, 1000, 50000);
    paid = int(rng, 0, charge);
    const a = adjustments(rng, charge - paid, sign);
    if (charge !== paid) claimAdjs.push(...a.adjs);
    pr = charge !== paid ? a.prCents : 0;
  } else if (paid > 100 && rng() < 0.3) {
    // Claim-level sequestration-style reduction taken off the paid amount.
    const cut = int(rng, 1, Math.min(paid, 500));
    claimAdjs.push({ group: 'CO', reason: '253', amount: amt(sign, cut), quantity: null });
    paid -= cut;
  }
  return {
    patientControlNumber: `PCN${alnum(rng, 8)}`,
    statusCode,
    chargeAmount: amt(sign, charge),
    paidAmount: amt(sign, paid),
    patientResponsibility: amt(sign, pr),
    payerClaimControlNumber: maybe(rng, 0.9, () => alnum(rng, 14)),
    adjustments: claimAdjs,
    serviceLines: lines.map((l) => l.line),
    claimFilingIndicator: maybe(rng, 0.8, () => pick(rng, ['CI', 'MC', 'MB', '12', 'HM'])),
    remarkCodes: Array.from({ length: int(rng, 0, 2) }, () => pick(rng, RARC)),
    patient: { lastName: pick(rng, LAST), firstName: pick(rng, FIRST), memberId: `M${alnum(rng, 9)}` },
  };
}

/** A balanced transaction with `claims` claims (default 1..8). */
export function randomTransaction(rng: Rng, controlNumber: string, claims = int(rng, 1, 8)): WritableTransaction {
  const cs = Array.from({ length: claims }, () => randomClaim(rng));
  const plb: ProviderAdjustment[] = [];
  for (let i = rng() < 0.3 ? int(rng, 1, 8) : 0; i > 0; i--) {
    const reason = pick(rng, ['WO', 'L6', 'FB', '72', 'CS', 'J1']);
    const amount = int(rng, 1, 20000) * (reason === 'L6' || rng() < 0.3 ? -1 : 1);
    plb.push({ reason, reference: maybe(rng, 0.7, () => alnum(rng, 12)), amount: amount / 100 });
  }
  const paidCents = cs.reduce((n, c) => n + Math.round(c.paidAmount * 100), 0);
  const plbCents = plb.reduce((n, a) => n + Math.round(a.amount * 100), 0);
  const npi = rng() < 0.9;
  return {
    controlNumber,
    payer: {
      name: pick(rng, ['ACME HEALTH', 'BLUE RIVER PLAN', 'STATE MEDICAID']),
      id: String(int(rng, 10000, 99999)),
    },
    payee: {
      name: `CLINIC ${alnum(rng, 4)}`,
      npi: npi ? String(int(rng, 1000000000, 1999999999)) : null,
      taxId: rng() < 0.7 || !npi ? String(int(rng, 100000000, 999999999)) : null,
    },
    payment: {
      amount: amt(1, paidCents - plbCents),
      method: pick(rng, ['ACH', 'CHK', 'NON', 'FWT', 'BOP']),
      date: maybe(rng, 0.95, () => date(rng)),
      traceNumber: alnum(rng, 12),
    },
    claims: cs,
    providerAdjustments: plb,
    balance: { ok: true, problems: [] },
  };
}
