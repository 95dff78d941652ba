// The work queue's pure decisions: no database, hand-computed expectations.
import { describe, expect, it } from 'vitest';
import { appealDeadline, assess, followUpDate, slaDueAt } from '../../../orchestrator/denials/assess.ts';
import { addBusinessDays, addMonths } from '../../../orchestrator/denials/calendar.ts';
import { routeCarc } from '../../../orchestrator/denials/codes-adapter.ts';
import {
  detectDenial,
  factsFromObservation,
  mergeObservation,
  type DenialFacts,
} from '../../../orchestrator/denials/facts.ts';
import { fromClaimStatus, fromDenialDetails, fromEraClaim } from '../../../orchestrator/denials/observation.ts';
import { defaultHandling, defaultPolicy } from '../../../orchestrator/denials/policy-data.ts';
import { deadlineUrgency, priorityScore } from '../../../orchestrator/denials/priority.ts';
import { loadRouting } from '../../../orchestrator/denials/carc-routing.ts';
import { checkOutcome, checkTransition } from '../../../orchestrator/denials/states.ts';
import { CLAIM_ID, denied, eraClaim, statusData } from './fixtures.ts';

const NON_DENIAL = defaultHandling.nonDenialCarcs;
const OBSERVED = '2026-10-05T12:00:00.000Z';

function facts(data: object, over: { payerId?: string; observedAt?: string } = {}): DenialFacts {
  return factsFromObservation(
    fromClaimStatus({
      claimId: CLAIM_ID,
      payerId: over.payerId ?? null,
      resultId: 'r1',
      observedAt: over.observedAt ?? OBSERVED,
      data,
    }),
  );
}

describe('CARC routing (DESIGN.md table)', () => {
  const table: [string, string, string, 'soft' | 'hard', 'corrected_claim' | 'appeal'][] = [
    ['27', 'eligibility', 'front-desk-vob', 'soft', 'corrected_claim'],
    ['31', 'eligibility', 'front-desk-vob', 'soft', 'corrected_claim'],
    ['177', 'eligibility', 'front-desk-vob', 'soft', 'corrected_claim'],
    ['197', 'authorization', 'prior-auth', 'hard', 'appeal'],
    ['198', 'authorization', 'prior-auth', 'hard', 'appeal'],
    ['4', 'coding', 'coding', 'soft', 'corrected_claim'],
    ['6', 'coding', 'coding', 'soft', 'corrected_claim'],
    ['7', 'coding', 'coding', 'soft', 'corrected_claim'],
    ['9', 'coding', 'coding', 'soft', 'corrected_claim'],
    ['11', 'coding', 'coding', 'soft', 'corrected_claim'],
    ['16', 'coding', 'coding', 'soft', 'corrected_claim'],
    ['18', 'duplicate', 'billing-ops', 'soft', 'corrected_claim'],
    ['50', 'medical-necessity', 'clinical-documentation', 'hard', 'appeal'],
    ['55', 'experimental', 'clinical-documentation', 'hard', 'appeal'],
    ['29', 'timely-filing', 'billing-manager', 'hard', 'appeal'],
    ['22', 'coordination-of-benefits', 'patient-access', 'soft', 'corrected_claim'],
    ['23', 'coordination-of-benefits', 'patient-access', 'soft', 'corrected_claim'],
    ['45', 'contractual', 'contract-management', 'hard', 'appeal'],
  ];
  it.each(table)('CARC %s -> %s, %s, %s, %s', (code, rootCause, team, denialType, route) => {
    expect(routeCarc(defaultHandling, code)).toMatchObject({ rootCause, team, denialType, route });
  });

  it('sends unknown and missing codes to the triage owner instead of dropping them', () => {
    for (const code of ['96', '59', 'B7', null]) {
      expect(routeCarc(defaultHandling, code)).toMatchObject({
        rootCause: 'triage',
        team: 'denial-triage',
        denialType: 'hard',
        route: 'appeal',
      });
    }
    const a = assess(
      facts(denied('96', 400)),
      detectDenial(facts(denied('96', 400)), NON_DENIAL)!,
      defaultPolicy(),
      new Date(OBSERVED),
    );
    expect(a).toMatchObject({ rootCause: 'triage', team: 'denial-triage', dollarsAtRisk: 400 });
  });

  it('has handling for every category of the shipped carc-routing.json', () => {
    for (const c of loadRouting().categories)
      expect(Object.keys(defaultHandling.categories), c.category).toContain(c.category);
  });
});

describe('denial detection, including silent denials', () => {
  it('finds an explicit F2 denial with its code and dollars', () => {
    expect(detectDenial(facts(denied('197', 812.5)), NON_DENIAL)).toEqual({
      kind: 'denial',
      silent: false,
      primaryCarc: '197',
      dollarsAtRiskCents: 81250,
    });
  });
  it('treats 277 rejections (A3/A6/A7/A8) as rejections and pending/acknowledged as nothing yet', () => {
    expect(
      detectDenial(
        facts(statusData({ statusCategory: 'A7', paidAmount: 0, allowedAmount: null, adjustments: [] })),
        NON_DENIAL,
      ),
    ).toMatchObject({ kind: 'rejection', dollarsAtRiskCents: 50000 });
    for (const cat of ['P1', 'A1', 'A2'])
      expect(
        detectDenial(
          facts(statusData({ statusCategory: cat, paidAmount: 0, allowedAmount: null, adjustments: [] })),
          NON_DENIAL,
        ),
      ).toBeNull();
  });
  it('does not flag a claim paid at the allowed amount (CO-45 contractual and PR cost share are normal)', () => {
    expect(detectDenial(facts(statusData()), NON_DENIAL)).toBeNull();
  });
  it('flags zero pay without denial wording, unless cost share explains it all', () => {
    const zero = statusData({
      statusCategory: 'F4',
      paidAmount: 0,
      allowedAmount: 300,
      patientResponsibility: 0,
      adjustments: [{ group: 'CO', carc: '45', amount: 200 }],
    });
    expect(detectDenial(facts(zero), NON_DENIAL)).toEqual({
      kind: 'zero_pay',
      silent: true,
      primaryCarc: null,
      dollarsAtRiskCents: 30000,
    });
    const deductible = statusData({
      statusCategory: 'F4',
      paidAmount: 0,
      patientResponsibility: 300,
      adjustments: [
        { group: 'CO', carc: '45', amount: 200 },
        { group: 'PR', carc: '1', amount: 300 },
      ],
    });
    expect(detectDenial(facts(deductible), NON_DENIAL)).toBeNull();
  });
  it('flags payment below the allowed amount, and below the expected (contracted) amount', () => {
    // allowed 300, coinsurance 60: 240 due, 204 paid -> 36 short.
    const short = statusData({
      paidAmount: 204,
      adjustments: [
        { group: 'CO', carc: '45', amount: 200 },
        { group: 'PR', carc: '2', amount: 60 },
      ],
    });
    expect(detectDenial(facts(short), NON_DENIAL)).toEqual({
      kind: 'underpayment',
      silent: true,
      primaryCarc: '45',
      dollarsAtRiskCents: 3600,
    });
    const vsContract = fromClaimStatus({
      claimId: CLAIM_ID,
      observedAt: OBSERVED,
      data: statusData(),
      expectedAmount: 350,
    });
    expect(detectDenial(factsFromObservation(vsContract), NON_DENIAL)).toMatchObject({
      kind: 'underpayment',
      dollarsAtRiskCents: 5000,
    });
  });
  it('flags a partly paid claim with a denial code (line-level denial) under that code', () => {
    const partial = statusData({
      paidAmount: 200,
      adjustments: [
        { group: 'CO', carc: '45', amount: 200 },
        { group: 'PR', carc: '2', amount: 60 },
        { group: 'OA', carc: '23', amount: 40 },
      ],
    });
    expect(detectDenial(facts(partial), NON_DENIAL)).toEqual({
      kind: 'partial_denial',
      silent: true,
      primaryCarc: '23',
      dollarsAtRiskCents: 4000,
    });
  });
  it('maps a parsed 835 claim: CLP02 4 with line-level CAS is a denial; a reversal (22) is not', () => {
    const obs = fromEraClaim({
      claimId: CLAIM_ID,
      payerId: 'cigna',
      observedAt: OBSERVED,
      paymentDate: '2026-10-02',
      payeeNpi: '1234567893',
      claim: eraClaim(),
    });
    expect(obs).toMatchObject({
      source: 'era',
      eraStatusCode: '4',
      billed: 800,
      paid: 0,
      eobDate: '2026-10-02',
      providerNpi: '1234567893',
      remarkCodes: ['N54'],
    });
    expect(detectDenial(factsFromObservation(obs), NON_DENIAL)).toEqual({
      kind: 'denial',
      silent: false,
      primaryCarc: '197',
      dollarsAtRiskCents: 80000,
    });
    const reversal = fromEraClaim({ claimId: CLAIM_ID, observedAt: OBSERVED, claim: eraClaim({ statusCode: '22' }) });
    expect(detectDenial(factsFromObservation(reversal), NON_DENIAL)).toBeNull();
  });
  it('rejects malformed input naming the field', () => {
    expect(() => fromClaimStatus({ claimId: 'nope', observedAt: OBSERVED, data: statusData() })).toThrow(
      /claim-status ingest: claimId/,
    );
    expect(() =>
      fromClaimStatus({ claimId: CLAIM_ID, observedAt: OBSERVED, data: { ...statusData(), paidAmount: 'x' } }),
    ).toThrow(/data: paidAmount/);
    expect(() =>
      fromEraClaim({ claimId: CLAIM_ID, observedAt: OBSERVED, claim: { ...eraClaim(), statusCode: 'X' } }),
    ).toThrow(/era ingest: claim.statusCode/);
  });
});

describe('merging observations of one claim', () => {
  it('unions codes, lets newer amounts win and older ones only fill gaps', () => {
    const first = facts(denied('16', 500));
    const details = fromDenialDetails({
      claimId: CLAIM_ID,
      observedAt: '2026-10-06T09:00:00Z',
      data: {
        carcCodes: [
          { code: '16', description: 'lacks info' },
          { code: '4', amount: 120 },
        ],
        remarkCodes: ['M51'],
        rationale: 'Modifier missing',
        appealDeadline: '2027-01-15',
      },
    });
    const merged = mergeObservation(first, details);
    expect(merged.adjustments).toEqual([
      { group: 'CO', carc: '16', amount: 500 },
      { group: null, carc: '4', amount: 120 },
    ]);
    expect(merged).toMatchObject({
      paid: 0,
      billed: 500,
      rationale: 'Modifier missing',
      portalAppealDeadline: '2027-01-15',
      remarkCodes: ['M51'],
    });
    const late = fromClaimStatus({
      claimId: CLAIM_ID,
      observedAt: '2026-10-01T00:00:00Z',
      resultId: 'old',
      data: denied('16', 450, { paymentDate: '2026-09-28' }),
    });
    const withLate = mergeObservation(merged, late);
    expect(withLate.billed).toBe(500); // older observation does not overwrite
    expect(withLate.eobDate).toBe('2026-09-28'); // but the earliest EOB starts the window
    expect(withLate.firstDeniedAt.toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(withLate.lastObservedAt.toISOString()).toBe('2026-10-06T09:00:00.000Z');
  });
});

describe('appeal deadlines per payer (data, overridable)', () => {
  const deadline = (payerId: string, data: object = denied('50', 900), policy = defaultPolicy()) => {
    const f = facts(data, { payerId });
    return appealDeadline(f, detectDenial(f, NON_DENIAL)!, policy);
  };
  it.each([
    ['aetna', '2027-03-30T00:00:00.000Z', 'payer:aetna'], // 180 days from EOB 2026-10-01
    ['anthem', '2027-03-30T00:00:00.000Z', 'payer:anthem'], // 180 days typical, from EOB
    ['cigna', '2027-04-03T12:00:00.000Z', 'payer:cigna'], // 180 days from initial denial (first seen 2026-10-05 12:00)
    ['uhc', '2027-10-05T12:00:00.000Z', 'payer:uhc'], // 12 months total from initial denial
    ['medicare', '2027-01-29T00:00:00.000Z', 'payer:medicare'], // 120 days from determination (EOB when no determination date)
    ['acme', '2026-12-30T00:00:00.000Z', 'fallback'], // no window on file: 90 days, never overstated
  ])('%s -> %s', (payer, expected, source) => {
    const d = deadline(payer);
    expect(d.appealDeadline?.toISOString()).toBe(expected);
    expect(d.source).toBe(source);
  });
  it('uses the determination date for Medicare and the portal-shown deadline over any window', () => {
    const f = mergeObservation(
      facts(denied('50', 900), { payerId: 'medicare' }),
      fromDenialDetails({ claimId: CLAIM_ID, observedAt: OBSERVED, data: { denialDate: '2026-09-20' } }),
    );
    expect(appealDeadline(f, detectDenial(f, NON_DENIAL)!, defaultPolicy()).appealDeadline?.toISOString()).toBe(
      '2027-01-18T00:00:00.000Z',
    );
    const portal = mergeObservation(
      f,
      fromDenialDetails({ claimId: CLAIM_ID, observedAt: OBSERVED, data: { appealDeadline: '2026-12-15' } }),
    );
    expect(appealDeadline(portal, detectDenial(portal, NON_DENIAL)!, defaultPolicy())).toEqual({
      appealDeadline: new Date('2026-12-15T00:00:00Z'),
      source: 'portal',
    });
  });
  it('honours an organization override of a payer window', () => {
    const policy = defaultPolicy({ appealWindows: { aetna: { days: 90, from: 'eob' } } });
    expect(deadline('aetna', denied('50', 900), policy).appealDeadline?.toISOString()).toBe('2026-12-30T00:00:00.000Z');
    expect(deadline('cigna', denied('50', 900), policy).source).toBe('payer:cigna');
  });
  it('clamps month arithmetic to the end of the month', () => {
    expect(addMonths(new Date('2026-01-31T00:00:00Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});

describe('priority score = dollars at risk x deadline urgency x recoverability', () => {
  it('ranks the article example: $4,800 due in 5 days at 60% over $200 due in 90 days at 90%', () => {
    const big = priorityScore({ dollarsAtRisk: 4800, daysLeft: 5, recoverability: 0.6 });
    const small = priorityScore({ dollarsAtRisk: 200, daysLeft: 90, recoverability: 0.9 });
    expect(big).toEqual({ urgency: 6, score: 17280 }); // 4800 x 30/5 x 0.6
    expect(small.score).toBe(60); // 200 x 30/90 x 0.9
    expect(big.score).toBeGreaterThan(small.score);
  });
  it('urgency: 1 at 30 days, capped at 10, zero once the window closed, neutral without a deadline', () => {
    expect(deadlineUrgency(30)).toBe(1);
    expect(deadlineUrgency(60)).toBe(0.5);
    expect(deadlineUrgency(1)).toBe(10);
    expect(deadlineUrgency(0)).toBe(0);
    expect(deadlineUrgency(-3)).toBe(0);
    expect(deadlineUrgency(null)).toBe(1);
  });
  it('is monotone in each factor', () => {
    const base = { dollarsAtRisk: 1000, daysLeft: 20, recoverability: 0.5 };
    expect(priorityScore({ ...base, dollarsAtRisk: 2000 }).score).toBeGreaterThan(priorityScore(base).score);
    expect(priorityScore({ ...base, daysLeft: 10 }).score).toBeGreaterThan(priorityScore(base).score);
    expect(priorityScore({ ...base, recoverability: 0.8 }).score).toBeGreaterThan(priorityScore(base).score);
    expect(() => priorityScore({ ...base, recoverability: 1.5 })).toThrow(/recoverability/);
  });
});

describe('write-off threshold (per organization, default $25)', () => {
  const route = (amount: number, threshold?: number) => {
    const f = facts(denied('16', amount));
    return assess(
      f,
      detectDenial(f, NON_DENIAL)!,
      defaultPolicy(threshold === undefined ? {} : { writeOffThreshold: threshold }),
      new Date(OBSERVED),
    ).route;
  };
  it('routes below the threshold to write-off and at or above it to the category route', () => {
    expect(route(24.99)).toBe('write_off');
    expect(route(25)).toBe('corrected_claim');
    expect(route(40, 50)).toBe('write_off');
    expect(route(40, 0)).toBe('corrected_claim');
  });
});

describe('SLA and follow-up dates', () => {
  const friday = new Date('2026-11-20T15:00:00Z');
  const saturday = new Date('2026-11-21T10:00:00Z');
  const base = {
    state: 'new' as const,
    kind: 'denial' as const,
    route: 'corrected_claim' as const,
    appealDeadline: null,
    followUpAt: null,
  };
  it('soft denials: 5 business days, weekends skipped', () => {
    expect(slaDueAt({ ...base, denialType: 'soft', firstDeniedAt: friday })?.toISOString()).toBe(
      '2026-11-27T15:00:00.000Z',
    );
    expect(slaDueAt({ ...base, denialType: 'soft', firstDeniedAt: saturday })?.toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(addBusinessDays(new Date('2026-11-23T09:00:00Z'), 5).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });
  it('rejections: 1 business day; hard denials: 30 days or the appeal deadline if sooner', () => {
    expect(slaDueAt({ ...base, kind: 'rejection', denialType: 'soft', firstDeniedAt: friday })?.toISOString()).toBe(
      '2026-11-23T15:00:00.000Z',
    );
    expect(slaDueAt({ ...base, denialType: 'hard', route: 'appeal', firstDeniedAt: friday })?.toISOString()).toBe(
      '2026-12-20T15:00:00.000Z',
    );
    const soon = new Date('2026-12-01T00:00:00Z');
    expect(
      slaDueAt({ ...base, denialType: 'hard', route: 'appeal', firstDeniedAt: friday, appealDeadline: soon }),
    ).toEqual(soon);
  });
  it('submitted appeals are due for follow-up after 14 days (portal) or 30 (mail); closed items have no SLA', () => {
    expect(followUpDate(friday, 'portal').toISOString()).toBe('2026-12-04T15:00:00.000Z');
    expect(followUpDate(friday, 'mail').toISOString()).toBe('2026-12-20T15:00:00.000Z');
    const f = followUpDate(friday, 'portal');
    expect(slaDueAt({ ...base, state: 'appealed', denialType: 'hard', firstDeniedAt: friday, followUpAt: f })).toEqual(
      f,
    );
    expect(slaDueAt({ ...base, state: 'resolved', denialType: 'hard', firstDeniedAt: friday })).toBeNull();
  });
});

describe('state machine', () => {
  it('allows the working path and rejects skips with a message naming the allowed moves', () => {
    expect(() => checkTransition('new', 'assigned')).not.toThrow();
    expect(() => checkTransition('in_progress', 'appealed')).not.toThrow();
    expect(() => checkTransition('new', 'appealed')).toThrow(
      'Cannot move a work item from "new" to "appealed"; from "new" it can go to "assigned", "in_progress", "written_off", "resolved"',
    );
    expect(() => checkTransition('written_off', 'in_progress')).toThrow(/nothing \(final state\)/);
    expect(() => checkOutcome('corrected', 'overturned')).toThrow(/needs an appealed item/);
    expect(() => checkOutcome('appealed', 'upheld')).not.toThrow();
  });
});
