// What we know about one claim's denial, merged from every observation, and
// the pure test "is this a denial, and how many dollars are at risk".
// Arithmetic is in integer cents; dollars only at the edges.
import type { DenialObservation, ObservedAdjustment, Source } from './observation.ts';

export const KINDS = ['denial', 'partial_denial', 'zero_pay', 'underpayment', 'rejection'] as const;
export type Kind = (typeof KINDS)[number];

export interface DenialFacts {
  payerId: string | null;
  statusCategory: string | null;
  eraStatusCode: string | null;
  billed: number | null;
  allowed: number | null;
  paid: number | null;
  expected: number | null;
  adjustments: ObservedAdjustment[];
  remarkCodes: string[];
  eobDate: string | null;
  determinationDate: string | null;
  portalAppealDeadline: string | null;
  rationale: string | null;
  providerNpi: string | null;
  firstDeniedAt: Date;
  lastObservedAt: Date;
  sources: { source: Source; resultId: string | null; observedAt: string }[];
}

export interface DenialSignal {
  kind: Kind;
  /** True when the payer never said "denied" (no F2, no CLP02=4): zero pay or short pay. */
  silent: boolean;
  primaryCarc: string | null;
  dollarsAtRiskCents: number;
}

/** 277 categories for claims returned/rejected before adjudication. */
const REJECTED_CATEGORIES = new Set(['A3', 'A6', 'A7', 'A8']);
/** 277 categories that say nothing final yet. */
const NOT_FINAL = /^(A[0-2458]|P\d|R\d*|E\d?|D0)$/;
/** CLP02 values that are final adjudications (processed as primary/secondary/tertiary, forwarded). */
const ERA_FINAL = new Set(['1', '2', '3', '4', '19', '20', '21', '23']);
/** X12 cost share: deductible, coinsurance, copay, blood deductible. Owed by the patient, not lost. */
const COST_SHARE = new Set(['1', '2', '3', '66']);

const cents = (n: number | null): number | null => (n === null ? null : Math.round(n * 100));
const sumCents = (xs: ObservedAdjustment[]) => xs.reduce((s, a) => s + (cents(a.amount) ?? 0), 0);

/** Decides whether the facts describe a denial. `nonDenialCarcs` comes from denial-handling.json. */
export function detectDenial(f: DenialFacts, nonDenialCarcs: readonly string[]): DenialSignal | null {
  const billed = cents(f.billed);
  if (f.statusCategory && REJECTED_CATEGORIES.has(f.statusCategory)) {
    return { kind: 'rejection', silent: false, primaryCarc: null, dollarsAtRiskCents: billed ?? 0 };
  }
  if (f.statusCategory && NOT_FINAL.test(f.statusCategory)) return null;
  if (f.eraStatusCode && !ERA_FINAL.has(f.eraStatusCode)) return null; // 22 reversal, 25 predetermination

  const positive = f.adjustments.filter((a) => a.amount === null || a.amount > 0);
  const denialAdj = positive.filter((a) => !nonDenialCarcs.includes(a.carc));
  const costShare = sumCents(positive.filter((a) => a.group === 'PR' && COST_SHARE.has(a.carc)));
  const contractual = sumCents(positive.filter((a) => a.group === 'CO' && a.carc === '45'));
  const explicit = f.statusCategory === 'F2' || f.eraStatusCode === '4';
  const paid = cents(f.paid);
  const primaryCarc = largestCode(denialAdj);
  const denialCents = sumCents(denialAdj);

  if (paid === null || paid === 0) {
    if (explicit || denialAdj.length > 0) {
      const atRisk = denialCents > 0 ? denialCents : Math.max(0, (billed ?? 0) - costShare - contractual);
      return { kind: 'denial', silent: !explicit, primaryCarc, dollarsAtRiskCents: atRisk };
    }
    if (paid === 0 && billed !== null) {
      // Zero pay is a denial unless cost share and the contractual write-down explain it all.
      const unexplained = billed - costShare - contractual;
      if (unexplained > 0)
        return { kind: 'zero_pay', silent: true, primaryCarc: null, dollarsAtRiskCents: unexplained };
    }
    return null;
  }
  const shortfall = Math.max(shortBy(cents(f.allowed), costShare, paid), shortBy(cents(f.expected), costShare, paid));
  if (denialAdj.length > 0) {
    return {
      kind: 'partial_denial',
      silent: !explicit,
      primaryCarc,
      dollarsAtRiskCents: Math.max(denialCents, shortfall),
    };
  }
  if (shortfall > 0) return { kind: 'underpayment', silent: true, primaryCarc: '45', dollarsAtRiskCents: shortfall };
  return null;
}

function shortBy(reference: number | null, costShare: number, paid: number): number {
  return reference === null ? 0 : Math.max(0, reference - costShare - paid);
}

/** The code carrying the most dollars (first listed on a tie): it decides the root cause. */
function largestCode(adj: ObservedAdjustment[]): string | null {
  const totals = new Map<string, number>();
  for (const a of adj) totals.set(a.carc, (totals.get(a.carc) ?? 0) + (cents(a.amount) ?? 0));
  let best: string | null = null;
  for (const [code, total] of totals) if (best === null || total > totals.get(best)!) best = code;
  return best;
}

export function factsFromObservation(o: DenialObservation): DenialFacts {
  return mergeObservation(null, o);
}

/**
 * Folds a new observation into what we knew. A newer observation's non-null
 * fields win; an older one (delivered late) only fills gaps. Codes are a union
 * keyed by group+CARC, newest amount winning, so the same denial seen on the
 * claim-status page, the denial detail page and the 835 is one set of codes.
 */
export function mergeObservation(prev: DenialFacts | null, o: DenialObservation): DenialFacts {
  const newer = prev === null || o.observedAt.getTime() >= prev.lastObservedAt.getTime();
  const pick = <T>(old: T | null | undefined, next: T | null): T | null =>
    old === null || old === undefined ? next : next === null ? old : newer ? next : old;
  const p: Partial<DenialFacts> = prev ?? {};
  const adjustments = mergeAdjustments(prev?.adjustments ?? [], o.adjustments, newer);
  const minDate = (a: string | null | undefined, b: string | null) => (a == null ? b : b === null ? a : a < b ? a : b);
  const source = { source: o.source, resultId: o.resultId, observedAt: o.observedAt.toISOString() };
  const sources = [...(prev?.sources ?? []).filter((s) => !(s.resultId && s.resultId === o.resultId)), source].slice(
    -20,
  );
  return {
    payerId: pick(p.payerId, o.payerId),
    statusCategory: pick(p.statusCategory, o.statusCategory),
    eraStatusCode: pick(p.eraStatusCode, o.eraStatusCode),
    billed: pick(p.billed, o.billed),
    allowed: pick(p.allowed, o.allowed),
    paid: pick(p.paid, o.paid),
    expected: pick(p.expected, o.expected),
    adjustments,
    remarkCodes: [...new Set([...(prev?.remarkCodes ?? []), ...o.remarkCodes])],
    // The window runs from the first EOB/determination: a reprocessing does not buy more time.
    eobDate: minDate(p.eobDate, o.eobDate),
    determinationDate: minDate(p.determinationDate, o.determinationDate),
    portalAppealDeadline: pick(p.portalAppealDeadline, o.portalAppealDeadline),
    rationale: pick(p.rationale, o.rationale),
    providerNpi: pick(p.providerNpi, o.providerNpi),
    firstDeniedAt: prev && prev.firstDeniedAt < o.observedAt ? prev.firstDeniedAt : o.observedAt,
    lastObservedAt: prev && !newer ? prev.lastObservedAt : o.observedAt,
    sources,
  };
}

function mergeAdjustments(old: ObservedAdjustment[], next: ObservedAdjustment[], newer: boolean): ObservedAdjustment[] {
  const out = old.map((a) => ({ ...a }));
  for (const n of next) {
    // A code seen without a group (denial-details) matches the same code with one.
    const match = out.find((a) => a.carc === n.carc && (a.group === n.group || a.group === null || n.group === null));
    if (!match) {
      out.push({ ...n });
      continue;
    }
    if (match.group === null) match.group = n.group;
    if (n.amount !== null && (match.amount === null || newer)) match.amount = n.amount;
  }
  return out;
}
