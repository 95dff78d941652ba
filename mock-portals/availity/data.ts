// Seeded claims for the Availity-like multi-payer portal, and the ground truth
// a correct claim-status bot must return for each of them. Amounts are kept in
// integer cents and balance like an 835: billed = paid + sum(adjustments),
// patient responsibility = sum(PR adjustments), allowed = paid + PR (+ any
// shortfall on underpaid claims).
import type { ClaimStatusOutput } from '../../bots/index.ts';
import { CARC, STATUS_CATEGORIES } from '../shared/codes.ts';
import { addDays, toDollars } from '../shared/helpers.ts';
import { fakeMemberId, fakePerson, fakeProviders, type FakePerson, type FakeProvider } from '../shared/people.ts';
import { Rng } from '../shared/prng.ts';
import { DEFAULT_SEED, seededAccount, type PortalAccount } from '../shared/accounts.ts';

export const AVAILITY_PAYERS = [
  { id: 'aetna', name: 'Aetna', claimPrefix: 'AET' },
  { id: 'cigna', name: 'Cigna Healthcare', claimPrefix: 'CIG' },
  { id: 'anthem', name: 'Anthem Blue Cross', claimPrefix: 'ANT' },
] as const;
export type AvailityPayerId = (typeof AVAILITY_PAYERS)[number]['id'];

export type Scenario =
  | 'paid'
  | 'underpaid'
  | 'deductible'
  | 'denied'
  | 'revised'
  | 'pending'
  | 'acknowledged'
  | 'rejected';

export interface AdjustmentCents {
  group: 'CO' | 'PR' | 'OA' | 'PI' | 'CR';
  carc: string;
  amountCents: number;
}

export interface AvailityMember {
  memberId: string;
  payerId: AvailityPayerId;
  patient: FakePerson;
}

export interface AvailityClaim {
  claimNumber: string;
  payerId: AvailityPayerId;
  payerName: string;
  patientControlNumber: string;
  memberId: string;
  patient: FakePerson;
  provider: FakeProvider;
  serviceDate: string;
  receivedDate: string;
  scenario: Scenario;
  statusCategory: string;
  statusCode: string;
  statusText: string;
  billedCents: number;
  allowedCents: number | null;
  paidCents: number;
  patientRespCents: number;
  checkNumber: string | null;
  paymentDate: string | null;
  adjustments: AdjustmentCents[];
  remarkCodes: string[];
  /** Set on a duplicate submission: the claim number of the claim it repeats (same PCN, member, DOS, amount). */
  duplicateOf?: string;
}

export interface AvailityData {
  seed: number;
  members: AvailityMember[];
  claims: AvailityClaim[];
}

export const AVAILITY_CLAIM_COUNT = 220;
const MEMBER_COUNT = 90;
const ANCHOR = '2025-12-31';

const SCENARIOS: readonly (readonly [Scenario, number])[] = [
  ['paid', 38],
  ['underpaid', 8],
  ['deductible', 6],
  ['denied', 20],
  ['revised', 2],
  ['pending', 11],
  ['acknowledged', 8],
  ['rejected', 7],
];

/** Denial reasons: group, CARC, remark codes that travel with them. */
const DENIALS: readonly (readonly [AdjustmentCents['group'], string, string[]])[] = [
  ['CO', '50', ['N386']],
  ['CO', '197', ['M62']],
  ['CO', '16', ['M51']],
  ['CO', '16', ['N290']],
  ['CO', '29', []],
  ['CO', '18', ['M86']],
  ['CO', '4', ['M20']],
  ['CO', '27', ['N30']],
  ['CO', '22', ['MA04']],
  ['PR', '27', ['N30']],
  ['CO', '97', ['M15']],
];

function memoized<T>(fn: (seed: number) => T): (seed: number) => T {
  const cache = new Map<number, T>();
  return (seed) => {
    let v = cache.get(seed);
    if (v === undefined) {
      v = fn(seed);
      cache.set(seed, v);
    }
    return v;
  };
}

/** All seeded data of the Availity-like portal. Pure; cached per seed. */
export const availityData = memoized((seed: number): AvailityData => {
  const rng = new Rng(seed, 'availity:claims');
  const providers = fakeProviders(rng, 5);
  const members: AvailityMember[] = [];
  const memberIds = new Set<string>();
  while (members.length < MEMBER_COUNT) {
    const payer = AVAILITY_PAYERS[members.length % AVAILITY_PAYERS.length] as (typeof AVAILITY_PAYERS)[number];
    const memberId = fakeMemberId(rng, payer.id);
    if (memberIds.has(memberId)) continue;
    memberIds.add(memberId);
    members.push({ memberId, payerId: payer.id, patient: fakePerson(rng) });
  }

  const claims: AvailityClaim[] = [];
  const claimNumbers = new Set<string>();
  const datesByMember = new Map<string, Set<string>>();
  const checks = new Map<string, string>();
  while (claims.length < AVAILITY_CLAIM_COUNT) {
    const member = rng.pick(members);
    const payer = AVAILITY_PAYERS.find((p) => p.id === member.payerId) as (typeof AVAILITY_PAYERS)[number];
    const scenario = rng.weighted(SCENARIOS);
    const open = scenario === 'pending' || scenario === 'acknowledged' || scenario === 'rejected';
    const serviceDate = addDays(ANCHOR, open ? -rng.int(3, 45) : -rng.int(50, 360));
    // One claim per member per date of service, so a member + exact-DOS search is unambiguous.
    const taken = datesByMember.get(member.memberId) ?? new Set<string>();
    if (taken.has(serviceDate)) continue;
    const claimNumber = `${payer.claimPrefix}${serviceDate.slice(2, 4)}${rng.digits(9)}`;
    if (claimNumbers.has(claimNumber)) continue;
    taken.add(serviceDate);
    datesByMember.set(member.memberId, taken);
    claimNumbers.add(claimNumber);

    const billedCents = rng.bool(0.6) ? rng.int(85, 4800) * 100 : rng.int(8_500, 480_000);
    const base = {
      claimNumber,
      payerId: payer.id,
      payerName: payer.name,
      patientControlNumber: `PB${rng.digits(8)}`,
      memberId: member.memberId,
      patient: member.patient,
      provider: rng.pick(providers),
      serviceDate,
      receivedDate: addDays(serviceDate, rng.int(1, 10)),
      scenario,
      billedCents,
    };
    const outcome = adjudicate(rng, scenario, billedCents);
    let checkNumber: string | null = null;
    let paymentDate: string | null = null;
    if (outcome.paidCents > 0) {
      // Payers pay in batches: claims of one payer paid on one day share a check/EFT.
      paymentDate = addDays(serviceDate, rng.int(14, 40));
      const key = `${payer.id}|${paymentDate}`;
      checkNumber = checks.get(key) ?? (rng.bool(0.7) ? `EFT${rng.digits(9)}` : rng.digits(8));
      checks.set(key, checkNumber);
    }
    claims.push({
      ...base,
      ...outcome,
      statusText: STATUS_CATEGORIES[outcome.statusCategory] as string,
      checkNumber,
      paymentDate,
    });
  }
  claims.push(...duplicateSubmissions(seed, claims));
  return { seed, members, claims };
});

/**
 * A practice that resubmits a claim by mistake leaves the payer with two
 * claims for one visit: same patient control number, member, date of service
 * and amount, two payer claim numbers. Nothing on a worklist row tells them
 * apart, which is what a member search must report instead of guessing. Drawn
 * from their own stream so the claims above stay as they were for every seed.
 */
function duplicateSubmissions(seed: number, claims: readonly AvailityClaim[]): AvailityClaim[] {
  const rng = new Rng(seed, 'availity:duplicates');
  const numbers = new Set(claims.map((c) => c.claimNumber));
  const eligible = claims.filter((c) => c.scenario === 'paid' || c.scenario === 'denied');
  const out: AvailityClaim[] = [];
  while (out.length < 2) {
    const original = rng.pick(eligible);
    if (out.some((d) => d.duplicateOf === original.claimNumber)) continue;
    const payer = AVAILITY_PAYERS.find((p) => p.id === original.payerId) as (typeof AVAILITY_PAYERS)[number];
    const claimNumber = `${payer.claimPrefix}${original.serviceDate.slice(2, 4)}${rng.digits(9)}`;
    if (numbers.has(claimNumber)) continue;
    numbers.add(claimNumber);
    out.push({
      ...original,
      claimNumber,
      receivedDate: addDays(original.receivedDate, rng.int(20, 60)),
      scenario: 'acknowledged',
      statusCategory: 'A1',
      statusCode: '19',
      statusText: STATUS_CATEGORIES.A1 as string,
      allowedCents: null,
      paidCents: 0,
      patientRespCents: 0,
      checkNumber: null,
      paymentDate: null,
      adjustments: [],
      remarkCodes: [],
      duplicateOf: original.claimNumber,
    });
  }
  return out;
}

type Outcome = Pick<
  AvailityClaim,
  'statusCategory' | 'statusCode' | 'allowedCents' | 'paidCents' | 'patientRespCents' | 'adjustments' | 'remarkCodes'
>;

function adjudicate(rng: Rng, scenario: Scenario, billed: number): Outcome {
  const none = { adjustments: [], remarkCodes: [], paidCents: 0, patientRespCents: 0, allowedCents: null };
  switch (scenario) {
    case 'pending':
      return {
        ...none,
        statusCategory: rng.weighted([
          ['P1', 6],
          ['P0', 1],
          ['P2', 2],
          ['P3', 1],
          ['P4', 1],
        ]),
        statusCode: '20',
      };
    case 'acknowledged':
      return {
        ...none,
        statusCategory: rng.weighted([
          ['A1', 4],
          ['A2', 4],
          ['A0', 1],
          ['A5', 1],
        ]),
        statusCode: '19',
      };
    case 'rejected': {
      const cat = rng.weighted([
        ['A3', 3],
        ['A7', 3],
        ['A6', 2],
        ['A8', 1],
      ]);
      return {
        ...none,
        statusCategory: cat,
        statusCode: cat === 'A3' ? '21' : '29',
        remarkCodes: cat === 'A3' ? ['MA130'] : [],
      };
    }
    case 'denied': {
      const [group, carc, remarks] = rng.pick(DENIALS);
      return {
        statusCategory: 'F2',
        statusCode: '1',
        allowedCents: 0,
        paidCents: 0,
        patientRespCents: group === 'PR' ? billed : 0,
        adjustments: [{ group, carc, amountCents: billed }],
        remarkCodes: [...remarks],
      };
    }
    default:
      return priced(rng, scenario, billed);
  }
}

/** Claims that went through pricing: contractual write-off, patient share, payment. */
function priced(rng: Rng, scenario: Scenario, billed: number): Outcome {
  const allowed = Math.max(2_000, Math.round((billed * rng.int(35, 85)) / 100));
  const adjustments: AdjustmentCents[] = [];
  const remarkCodes: string[] = [];
  if (billed > allowed) adjustments.push({ group: 'CO', carc: '45', amountCents: billed - allowed });
  const allowedCents = Math.min(allowed, billed);
  let patient = 0;
  if (scenario === 'deductible') {
    patient = allowedCents;
    adjustments.push({ group: 'PR', carc: '1', amountCents: allowedCents });
  } else {
    const share = rng.weighted([
      ['none', 2],
      ['copay', 3],
      ['coins', 3],
      ['ded+coins', 2],
    ] as const);
    if (share === 'copay') {
      const copay = Math.min(rng.pick([2_000, 3_000, 4_000, 5_000]), Math.floor(allowedCents / 2));
      adjustments.push({ group: 'PR', carc: '3', amountCents: copay });
      patient += copay;
    }
    if (share === 'ded+coins') {
      const ded = Math.round((allowedCents * rng.int(10, 40)) / 100);
      adjustments.push({ group: 'PR', carc: '1', amountCents: ded });
      patient += ded;
    }
    if (share === 'coins' || share === 'ded+coins') {
      const coins = Math.round(((allowedCents - patient) * 20) / 100);
      adjustments.push({ group: 'PR', carc: '2', amountCents: coins });
      patient += coins;
    }
  }
  let paid = allowedCents - patient;
  if (scenario === 'underpaid' && paid > 0) {
    // A silent denial: paid below the allowed amount with no denial wording.
    const shortfall = Math.max(1, Math.round((paid * rng.int(5, 25)) / 100));
    const [group, carc] = rng.pick([
      ['OA', '23'],
      ['CO', '59'],
    ] as const);
    adjustments.push({ group, carc, amountCents: shortfall });
    if (carc === '59') remarkCodes.push('M15');
    paid -= shortfall;
  }
  const zeroPay = paid === 0;
  return {
    statusCategory: scenario === 'revised' ? 'F3' : zeroPay ? rng.pick(['F0', 'F4']) : 'F1',
    statusCode: zeroPay ? '104' : scenario === 'revised' ? '1' : '65',
    allowedCents,
    paidCents: paid,
    patientRespCents: patient,
    adjustments,
    remarkCodes,
  };
}

/** What a correct claim-status bot returns for a claim (ClaimStatusOutput). */
export function expectedClaimStatus(c: AvailityClaim): ClaimStatusOutput {
  return {
    claimNumber: c.claimNumber,
    payer: c.payerId,
    statusCategory: c.statusCategory,
    statusCode: c.statusCode,
    statusText: c.statusText,
    serviceDate: c.serviceDate,
    billedAmount: toDollars(c.billedCents),
    allowedAmount: c.allowedCents === null ? null : toDollars(c.allowedCents),
    paidAmount: toDollars(c.paidCents),
    patientResponsibility: toDollars(c.patientRespCents),
    checkNumber: c.checkNumber,
    paymentDate: c.paymentDate,
    adjustments: c.adjustments.map((a) => ({ group: a.group, carc: a.carc, amount: toDollars(a.amountCents) })),
    remarkCodes: [...c.remarkCodes],
  };
}

export function carcDescription(code: string): string {
  return CARC[code] ?? 'See remittance advice.';
}

/** Accounts known to the Availity-like portal: [demo account, second account]. */
export function availityAccounts(seed: number = DEFAULT_SEED): PortalAccount[] {
  return [seededAccount(seed, 'availity', 0), seededAccount(seed, 'availity', 1)];
}
