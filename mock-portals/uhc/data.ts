// Seeded data of the UHC-like payer portal: the provider TINs the portal
// accounts are linked to, claims (each owned by one TIN), denial letters in the
// Document Library, and the ground truth a correct bot must return for them.
// Amounts are integer cents and balance like an 835: billed = paid + sum of
// adjustments; patient responsibility = sum of PR adjustments.
import type { ClaimStatusOutput, DenialDetailsOutput } from '../../bots/index.ts';
import { describeCarc, describeRarc } from '../../x12/codes/index.ts';
import { addDays, toDollars } from '../shared/helpers.ts';
import { fakePerson, type FakePerson } from '../shared/people.ts';
import { Rng } from '../shared/prng.ts';
import { DEFAULT_SEED, seededAccount, type PortalAccount } from '../shared/accounts.ts';

export const UHC_CLAIM_COUNT = 180;
/** Rows per page of claim search results and of the Document Library. */
export const UHC_PAGE_SIZE = 10;
const MEMBER_COUNT = 56;
/** Members seen weekly (therapy): they give paginated member searches. */
const FREQUENT_MEMBERS = 4;
const ANCHOR = '2025-12-31';

export type UhcGroup = 'CO' | 'PR' | 'OA' | 'PI' | 'CR';
export interface UhcAdjustment {
  group: UhcGroup;
  carc: string;
  amountCents: number;
}

export interface UhcTin {
  /** Nine digits; shown as NN-NNNNNNN. */
  tin: string;
  name: string;
}

export interface UhcLetter {
  documentId: string;
  letterDate: string;
  rationale: string;
  /** Reconsideration/appeal must be received by this date (12 months from the date of service). */
  appealDeadline: string;
}

export interface UhcClaim {
  claimNumber: string;
  tin: string;
  memberId: string;
  patient: FakePerson;
  patientAccountNumber: string;
  serviceDate: string;
  receivedDate: string;
  scenario: string;
  statusCategory: string;
  statusCode: string;
  statusText: string;
  billedCents: number;
  allowedCents: number | null;
  paidCents: number;
  patientRespCents: number;
  paymentNumber: string | null;
  paymentMethod: 'EFT' | 'CHECK' | null;
  paymentDate: string | null;
  adjustments: UhcAdjustment[];
  remarkCodes: string[];
  letter: UhcLetter | null;
  /** Set on a duplicate submission: the claim number of the claim it repeats (same PCN, member, DOS, amount). */
  duplicateOf?: string;
}

export interface UhcData {
  seed: number;
  tins: UhcTin[];
  claims: UhcClaim[];
}

/** The portal's wording per 277 status category (X12 507), with the 508 status code it pairs with. */
export const UHC_STATUS: Readonly<Record<string, readonly [text: string, code: string]>> = {
  A0: ['Forwarded to Another Entity', '19'],
  A1: ['Received', '19'],
  A2: ['Accepted for Processing', '20'],
  A3: ['Returned as Unprocessable', '21'],
  A4: ['Not Found in Adjudication System', '35'],
  A5: ['Split Claim', '20'],
  A6: ['Rejected - Missing Information', '21'],
  A7: ['Rejected - Invalid Information', '21'],
  A8: ['Rejected - Relational Field Error', '21'],
  P0: ['Pending - Details Not Available', '20'],
  P1: ['In Process', '20'],
  P2: ['Pending - Payer Review', '41'],
  P3: ['Pending - Provider Information Requested', '15'],
  P4: ['Pending - Member Information Requested', '15'],
  P5: ['Pending - Administrative Hold', '20'],
  F0: ['Finalized - No Further Action', '104'],
  F1: ['Paid', '65'],
  F2: ['Denied', '1'],
  F3: ['Adjusted', '1'],
  F4: ['Processed - No Payment', '104'],
  R0: ['Information Requested - General', '15'],
  R1: ['Information Requested - Entity', '15'],
  R3: ['Information Requested - Claim/Line', '15'],
  R4: ['Information Requested - Documentation', '15'],
  R5: ['Information Requested - More Specific Detail', '15'],
  E0: ['Error - Submitted Request Data', '21'],
  E1: ['Error - System Status', '21'],
  E2: ['Error - Information Holder Not Responding', '21'],
  E3: ['Error - Relational Fields', '21'],
  E4: ['Error - Trading Partner Agreement', '21'],
};
const ALL_CATEGORIES = Object.keys(UHC_STATUS);

/** Category weights after every category has appeared once. */
const CATEGORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['F1', 40],
  ['F2', 24],
  ['F4', 6],
  ['F0', 3],
  ['F3', 3],
  ['P1', 8],
  ['P2', 3],
  ['P3', 2],
  ['A1', 4],
  ['A2', 4],
  ['A3', 2],
  ['A7', 2],
  ['R4', 2],
  ['E0', 1],
];

/** Denials: group, CARC, remark codes, and the rationale the letter gives. */
const DENIALS: readonly (readonly [UhcGroup, string, string[], string])[] = [
  [
    'CO',
    '50',
    ['N115'],
    'Based on review of the submitted records against the applicable UnitedHealthcare Medical Policy, the service is not medically necessary for the diagnosis reported.',
  ],
  [
    'CO',
    '197',
    ['N54'],
    'No prior authorization was on file for this service on the date it was performed. Services on the Prior Authorization list must be approved before they are rendered.',
  ],
  [
    'CO',
    '16',
    ['M51'],
    'The claim was processed with a billing error: the procedure code is missing or invalid. Submit a corrected claim with a valid procedure code.',
  ],
  [
    'CO',
    '16',
    ['N290'],
    'The rendering provider identifier is missing or invalid. Submit a corrected claim with the rendering provider NPI.',
  ],
  [
    'CO',
    '29',
    [],
    'The claim was received after the filing limit in your participation agreement (90 days from the date of service).',
  ],
  [
    'CO',
    '18',
    ['N522'],
    'This claim duplicates a claim already processed for the same member, provider, date of service and procedure.',
  ],
  [
    'CO',
    '4',
    ['N657'],
    'The modifier billed is not valid with the procedure code. Bill the service with the appropriate code and modifier.',
  ],
  ['CO', '27', ['N30'], "The member's coverage under this plan had terminated before the date of service."],
  [
    'CO',
    '22',
    ['MA04'],
    'Our records show the member has other primary coverage. Submit the claim to the primary payer first and include its remittance.',
  ],
  [
    'PR',
    '96',
    ['N130'],
    "The service is excluded from the member's benefit plan. The member is responsible for the charges.",
  ],
  ['CO', '11', ['M76'], 'The diagnosis code reported is inconsistent with the procedure performed.'],
  [
    'CO',
    '55',
    ['N386'],
    'The procedure is considered experimental or investigational under the applicable coverage determination.',
  ],
];

function memoized<T>(fn: (seed: number) => T): (seed: number) => T {
  const cache = new Map<number, T>();
  return (seed) => {
    let v = cache.get(seed);
    if (v === undefined) cache.set(seed, (v = fn(seed)));
    return v;
  };
}

/** YYYY-MM-DD plus n calendar months, clamped to the month's last day (Feb 29 -> Feb 28). */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function carcText(code: string): string {
  const d = describeCarc(code);
  if (!d.known) throw new Error(`UHC seed uses CARC ${code}, which is not in the code table`);
  return d.description;
}
export function rarcText(code: string): string {
  const d = describeRarc(code);
  if (!d.known) throw new Error(`UHC seed uses RARC ${code}, which is not in the code table`);
  return d.description;
}

interface Member {
  memberId: string;
  patient: FakePerson;
  homeTin: number;
  weight: number;
}

const PRACTICES = ['Riverbend Family Medicine PC', 'Cedar Hills Orthopedics LLC', 'Summit Physical Therapy PLLC'];

/** All seeded data of the UHC-like portal. Pure; cached per seed. */
export const uhcData = memoized((seed: number): UhcData => {
  const rng = new Rng(seed, 'uhc:claims');
  const tins: UhcTin[] = PRACTICES.map((name) => ({ tin: `${rng.int(10, 98)}${rng.digits(7)}`, name }));
  const members: Member[] = [];
  const ids = new Set<string>();
  while (members.length < MEMBER_COUNT) {
    const memberId = `9${rng.digits(8)}`;
    if (ids.has(memberId)) continue;
    ids.add(memberId);
    const frequent = members.length < FREQUENT_MEMBERS;
    members.push({
      memberId,
      patient: fakePerson(rng),
      homeTin: frequent ? 2 : rng.int(0, 1),
      weight: frequent ? 10 : 1,
    });
  }
  const weightedMembers = members.map((m) => [m, m.weight] as const);

  const claims: UhcClaim[] = [];
  const claimNumbers = new Set<string>();
  const datesByMember = new Map<string, Set<string>>();
  const payments = new Map<string, string>();
  while (claims.length < UHC_CLAIM_COUNT) {
    const member = rng.weighted(weightedMembers);
    const category =
      claims.length < ALL_CATEGORIES.length
        ? (ALL_CATEGORIES[claims.length] as string)
        : rng.weighted(CATEGORY_WEIGHTS);
    const finalized = category.startsWith('F');
    const serviceDate = addDays(ANCHOR, finalized ? -rng.int(45, 330) : -rng.int(3, 40));
    // One claim per member per date of service, so member + exact-DOS searches are unambiguous.
    const taken = datesByMember.get(member.memberId) ?? new Set<string>();
    if (taken.has(serviceDate)) continue;
    const claimNumber = `${rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 2)}${rng.digits(8)}`;
    if (claimNumbers.has(claimNumber)) continue;
    taken.add(serviceDate);
    datesByMember.set(member.memberId, taken);
    claimNumbers.add(claimNumber);

    const tin = (tins[rng.bool(0.85) ? member.homeTin : rng.int(0, 2)] as UhcTin).tin;
    const billedCents = rng.bool(0.6) ? rng.int(90, 2_400) * 100 + rng.pick([0, 0, 50, 25]) : rng.int(9_000, 650_000);
    const receivedDate = addDays(serviceDate, rng.int(1, 12));
    const out = adjudicate(rng, category, billedCents);
    let paymentNumber: string | null = null;
    let paymentMethod: UhcClaim['paymentMethod'] = null;
    let paymentDate: string | null = null;
    if (out.paidCents > 0) {
      // Claims paid on one day share one EFT trace / check number, as payers pay in batches.
      paymentDate = addDays(receivedDate, rng.int(10, 30));
      const key = `${tin}|${paymentDate}`;
      paymentNumber = payments.get(key) ?? (rng.bool(0.75) ? `1${rng.digits(9)}` : rng.digits(7));
      payments.set(key, paymentNumber);
      paymentMethod = paymentNumber.length === 10 ? 'EFT' : 'CHECK';
    }
    const [statusText, statusCode] = UHC_STATUS[category] as readonly [string, string];
    const letter: UhcLetter | null = out.rationale
      ? {
          documentId: `DL${rng.digits(10)}`,
          letterDate: addDays(receivedDate, rng.int(8, 25)),
          rationale: out.rationale,
          appealDeadline: addMonths(serviceDate, 12),
        }
      : null;
    claims.push({
      claimNumber,
      tin,
      memberId: member.memberId,
      patient: member.patient,
      patientAccountNumber: `RB${rng.digits(7)}`,
      serviceDate,
      receivedDate,
      scenario: out.scenario,
      statusCategory: category,
      statusCode,
      statusText,
      billedCents,
      allowedCents: out.allowedCents,
      paidCents: out.paidCents,
      patientRespCents: out.patientRespCents,
      paymentNumber,
      paymentMethod,
      paymentDate,
      adjustments: out.adjustments,
      remarkCodes: out.remarkCodes,
      letter,
    });
  }
  claims.push(...duplicateSubmissions(seed, claims));
  return { seed, tins, claims };
});

/**
 * A claim the practice submitted twice: same patient account number, member,
 * date of service, TIN and amount under two claim numbers, the second still
 * being received. No worklist row can tell the two apart, so a member search
 * must report both. Own random stream: the claims above stay as they were.
 */
function duplicateSubmissions(seed: number, claims: readonly UhcClaim[]): UhcClaim[] {
  const rng = new Rng(seed, 'uhc:duplicates');
  const numbers = new Set(claims.map((c) => c.claimNumber));
  const eligible = claims.filter((c) => c.statusCategory === 'F1' || c.statusCategory === 'F2');
  const out: UhcClaim[] = [];
  while (out.length < 2) {
    const original = rng.pick(eligible);
    if (out.some((d) => d.duplicateOf === original.claimNumber)) continue;
    const claimNumber = `${rng.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 2)}${rng.digits(8)}`;
    if (numbers.has(claimNumber)) continue;
    numbers.add(claimNumber);
    const [statusText, statusCode] = UHC_STATUS.A1 as readonly [string, string];
    out.push({
      ...original,
      claimNumber,
      receivedDate: addDays(original.receivedDate, rng.int(20, 60)),
      scenario: 'acknowledged',
      statusCategory: 'A1',
      statusCode,
      statusText,
      allowedCents: null,
      paidCents: 0,
      patientRespCents: 0,
      paymentNumber: null,
      paymentMethod: null,
      paymentDate: null,
      adjustments: [],
      remarkCodes: [],
      letter: null,
      duplicateOf: original.claimNumber,
    });
  }
  return out;
}

interface Outcome {
  scenario: string;
  allowedCents: number | null;
  paidCents: number;
  patientRespCents: number;
  adjustments: UhcAdjustment[];
  remarkCodes: string[];
  rationale: string | null;
}

function adjudicate(rng: Rng, category: string, billed: number): Outcome {
  const open = {
    allowedCents: null,
    paidCents: 0,
    patientRespCents: 0,
    adjustments: [],
    remarkCodes: [],
    rationale: null,
  };
  switch (category[0]) {
    case 'A':
      return {
        ...open,
        scenario: /^A[3678]$/.test(category) ? 'rejected' : 'acknowledged',
        remarkCodes: category === 'A3' ? ['MA130'] : [],
      };
    case 'P':
      return { ...open, scenario: 'pending', remarkCodes: category === 'P3' ? ['N179'] : [] };
    case 'R':
      return { ...open, scenario: 'info_requested' };
    case 'E':
      return { ...open, scenario: 'error' };
    default:
  }
  if (category === 'F2') return denied(rng, billed);
  if (category === 'F0' || category === 'F4') {
    // Zero pay without denial wording: the whole allowed amount went to the deductible.
    const allowed = allowedFor(rng, billed);
    const adjustments: UhcAdjustment[] = [];
    if (billed > allowed) adjustments.push({ group: 'CO', carc: '45', amountCents: billed - allowed });
    adjustments.push({ group: 'PR', carc: '1', amountCents: allowed });
    return {
      scenario: 'zero_pay',
      allowedCents: allowed,
      paidCents: 0,
      patientRespCents: allowed,
      adjustments,
      remarkCodes: [],
      rationale: null,
    };
  }
  return priced(rng, category === 'F3' ? 'revised' : rng.bool(0.18) ? 'underpaid' : 'paid', billed);
}

const allowedFor = (rng: Rng, billed: number): number =>
  Math.min(billed, Math.max(2_500, Math.round((billed * rng.int(40, 82)) / 100)));

function denied(rng: Rng, billed: number): Outcome {
  const [group, carc, remarks, rationale] = rng.pick(DENIALS);
  // Some denials follow pricing: the contractual write-off first, the denial on the rest.
  const allowed = rng.bool(0.35) ? allowedFor(rng, billed) : billed;
  const adjustments: UhcAdjustment[] = [];
  if (allowed < billed) adjustments.push({ group: 'CO', carc: '45', amountCents: billed - allowed });
  adjustments.push({ group, carc, amountCents: allowed });
  return {
    scenario: 'denied',
    allowedCents: allowed < billed ? allowed : 0,
    paidCents: 0,
    patientRespCents: group === 'PR' ? allowed : 0,
    adjustments,
    remarkCodes: [...remarks],
    rationale,
  };
}

function priced(rng: Rng, scenario: string, billed: number): Outcome {
  const allowed = allowedFor(rng, billed);
  const adjustments: UhcAdjustment[] = [];
  const remarkCodes: string[] = [];
  if (billed > allowed) adjustments.push({ group: 'CO', carc: '45', amountCents: billed - allowed });
  let patient = 0;
  const share = rng.weighted([
    ['none', 2],
    ['copay', 3],
    ['coins', 3],
    ['ded+coins', 2],
  ] as const);
  if (share === 'copay') {
    const copay = Math.min(rng.pick([2_500, 3_500, 5_000]), Math.floor(allowed / 2));
    adjustments.push({ group: 'PR', carc: '3', amountCents: copay });
    patient += copay;
  }
  if (share === 'ded+coins') {
    const ded = Math.round((allowed * rng.int(10, 40)) / 100);
    adjustments.push({ group: 'PR', carc: '1', amountCents: ded });
    patient += ded;
  }
  if (share === 'coins' || share === 'ded+coins') {
    const coins = Math.round(((allowed - patient) * 20) / 100);
    adjustments.push({ group: 'PR', carc: '2', amountCents: coins });
    patient += coins;
  }
  let paid = allowed - patient;
  if (scenario === 'underpaid') {
    // A silent denial: paid below the allowed amount with no denial wording.
    const shortfall = Math.max(1, Math.round((paid * rng.int(5, 25)) / 100));
    const [group, carc, remark] = rng.pick([
      ['OA', '23', null],
      ['CO', '59', 'M15'],
      ['CO', '97', 'M15'],
    ] as const);
    adjustments.push({ group, carc, amountCents: shortfall });
    if (remark) remarkCodes.push(remark);
    paid -= shortfall;
  }
  return {
    scenario,
    allowedCents: allowed,
    paidCents: paid,
    patientRespCents: patient,
    adjustments,
    remarkCodes,
    rationale: null,
  };
}

/** What a correct claim-status bot returns for a claim. */
export function uhcExpectedClaimStatus(c: UhcClaim): ClaimStatusOutput {
  return {
    claimNumber: c.claimNumber,
    payer: 'uhc',
    statusCategory: c.statusCategory,
    statusCode: c.statusCode,
    statusText: c.statusText,
    serviceDate: c.serviceDate,
    billedAmount: toDollars(c.billedCents),
    allowedAmount: c.allowedCents === null ? null : toDollars(c.allowedCents),
    paidAmount: toDollars(c.paidCents),
    patientResponsibility: toDollars(c.patientRespCents),
    checkNumber: c.paymentNumber,
    paymentDate: c.paymentDate,
    adjustments: c.adjustments.map((a) => ({ group: a.group, carc: a.carc, amount: toDollars(a.amountCents) })),
    remarkCodes: [...c.remarkCodes],
  };
}

/** Amount denied on a letter: everything adjusted except the contractual write-off. */
export function deniedCents(c: UhcClaim): number {
  return c.adjustments.filter((a) => !(a.group === 'CO' && a.carc === '45')).reduce((s, a) => s + a.amountCents, 0);
}

/** What a correct denial-details bot returns for a claim with a denial letter (null: no letter). */
export function uhcExpectedDenial(c: UhcClaim): DenialDetailsOutput | null {
  if (!c.letter) return null;
  return {
    claimNumber: c.claimNumber,
    payer: 'uhc',
    carcCodes: c.adjustments.map((a) => ({
      code: a.carc,
      group: a.group,
      amount: toDollars(a.amountCents),
      description: carcText(a.carc),
    })),
    remarkCodes: c.remarkCodes.map((r) => ({ code: r, description: rarcText(r) })),
    rationale: c.letter.rationale,
    appealDeadline: c.letter.appealDeadline,
    denialDate: c.letter.letterDate,
    billedAmount: toDollars(c.billedCents),
    deniedAmount: toDollars(deniedCents(c)),
  };
}

/** TINs an account is linked to, in the order the TIN picker lists them. The second account sees two. */
export function uhcAccountTins(data: UhcData, accountIndex: number): string[] {
  return (accountIndex === 0 ? data.tins : data.tins.slice(0, 2)).map((t) => t.tin);
}

export interface UhcTruthClaim {
  claimNumber: string;
  tin: string;
  scenario: string;
  memberId: string;
  patient: FakePerson;
  /** The practice's account number for the claim (CLM01), shown as "Patient Account Number". */
  patientControlNumber: string;
  serviceDate: string;
  expected: ClaimStatusOutput;
  /** The exact DenialDetailsOutput for claims with a denial letter; null otherwise. */
  denial: DenialDetailsOutput | null;
}

export interface UhcTruth {
  pageSize: number;
  tins: UhcTin[];
  /** Usernames only: passwords and TOTP secrets come from demoCredentials(seed). */
  accounts: { id: string; username: string; tins: string[] }[];
  claims: UhcTruthClaim[];
}

export function uhcTruth(seed: number, accounts: readonly PortalAccount[]): UhcTruth {
  const data = uhcData(seed);
  return {
    pageSize: UHC_PAGE_SIZE,
    tins: data.tins.map((t) => ({ ...t })),
    accounts: accounts.map((a, i) => ({ id: a.id, username: a.username, tins: uhcAccountTins(data, i) })),
    claims: data.claims.map((c) => ({
      claimNumber: c.claimNumber,
      tin: c.tin,
      scenario: c.scenario,
      memberId: c.memberId,
      patient: { ...c.patient },
      patientControlNumber: c.patientAccountNumber,
      serviceDate: c.serviceDate,
      expected: uhcExpectedClaimStatus(c),
      denial: uhcExpectedDenial(c),
    })),
  };
}

/** Accounts known to the UHC-like portal: [demo account linked to three TINs, second account linked to two]. */
export function uhcAccounts(seed: number = DEFAULT_SEED): PortalAccount[] {
  return [seededAccount(seed, 'uhc', 0), seededAccount(seed, 'uhc', 1)];
}
