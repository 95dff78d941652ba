// Seeded provider roster of the CAQH-like credentialing portal and the ground
// truth a correct credentialing-status bot must return. Every profile and
// enrollment state is seeded, including attestations and enrollments that
// expire within 30 days of CAQH_AS_OF, so the credentialing alerts can be
// proven against the same data. Dates are pure functions of the seed and the
// fixed as-of date (never the host clock), so the truth is reproducible.
import type { CredentialingStatusOutput } from '../../bots/index.ts';
import { addDays, npiFromNine } from '../shared/helpers.ts';
import { Rng } from '../shared/prng.ts';
import { DEFAULT_SEED, seededAccount, type PortalAccount } from '../shared/accounts.ts';

/** The portal's "today": statuses (due, expired) are computed against it. */
export const CAQH_AS_OF = '2026-11-23';
/** CAQH asks providers to re-attest every 120 days. */
export const REATTESTATION_INTERVAL_DAYS = 120;
/** Payer enrollments are re-credentialed every three years. */
const RECREDENTIALING_DAYS = 1095;
export const CAQH_PROVIDER_COUNT = 60;
export const CAQH_ORGANIZATION = 'Riverbend Medical Group';

/** Health plans the portal reports authorization/enrollment for. */
export const CAQH_PLANS = [
  { id: 'aetna', name: 'Aetna' },
  { id: 'anthem', name: 'Anthem Blue Cross' },
  { id: 'cigna', name: 'Cigna Healthcare' },
  { id: 'humana', name: 'Humana' },
  { id: 'medicaid', name: 'State Medicaid' },
  { id: 'uhc', name: 'UnitedHealthcare' },
] as const;
export type CaqhPlanId = (typeof CAQH_PLANS)[number]['id'];

type State = CredentialingStatusOutput['profileStatus'];

/** Portal wording of a profile status, and the contract state it means. */
export const PROFILE_STATUS_TEXT = {
  attested: ['Attested', 'approved'],
  attestation_due_soon: ['Attested', 'approved'],
  reattestation_due: ['Re-attestation Due', 'reattestation_due'],
  expired: ['Expired', 'expired'],
  initial_profile_complete: ['Initial Profile Complete', 'initial_profile_complete'],
  in_progress: ['Profile In Progress', 'in_progress'],
} as const satisfies Record<string, readonly [string, State]>;
export type ProfileScenario = keyof typeof PROFILE_STATUS_TEXT;

export const ENROLLMENT_STATUS_TEXT = {
  participating: ['Participating', 'approved'],
  participating_expiring: ['Participating', 'approved'],
  in_review: ['Application In Review', 'in_progress'],
  denied: ['Denied', 'denied'],
  terminated: ['Terminated', 'terminated'],
  expired: ['Enrollment Expired', 'expired'],
} as const satisfies Record<string, readonly [string, State]>;
export type EnrollmentScenario = keyof typeof ENROLLMENT_STATUS_TEXT;

export interface CaqhEnrollment {
  planId: CaqhPlanId;
  planName: string;
  scenario: EnrollmentScenario;
  statusText: string;
  effectiveDate: string | null;
  expiryDate: string | null;
}

export interface CaqhProvider {
  /** 8-digit CAQH provider id: the portal's own key, used in profile URLs. */
  caqhId: string;
  npi: string;
  firstName: string;
  middleInitial: string;
  lastName: string;
  degree: string;
  specialty: string;
  scenario: ProfileScenario;
  profileStatusText: string;
  lastAttestationDate: string | null;
  reattestationDueDate: string | null;
  /** In the order the portal lists them (by plan name). */
  enrollments: CaqhEnrollment[];
}

export interface CaqhData {
  seed: number;
  asOf: string;
  organization: string;
  /** Sorted as the roster lists them: last name, first name, NPI. */
  providers: CaqhProvider[];
}

const FIRST = [
  'Adaeze',
  'Benjamin',
  'Carmen',
  'Dmitri',
  'Elena',
  'Farid',
  'Grace',
  'Hiroshi',
  'Imani',
  'Jonas',
  'Keiko',
  'Luis',
  'Maren',
  'Nikhil',
  'Oksana',
  'Pedro',
  'Quinn',
  'Rahel',
  'Samuel',
  'Teresa',
  'Umar',
  'Valentina',
  'Wesley',
  'Ximena',
  'Yusuf',
  'Zara',
];
const LAST = [
  'Abernathy',
  'Bhattacharya',
  'Castellanos',
  'Dubois',
  'Eriksen',
  'Fontaine',
  'Gallagher',
  'Hollis',
  'Iwasaki',
  'Jaramillo',
  'Kaczmarek',
  'Lindgren',
  'Mbeki',
  'Navarro',
  "O'Donnell",
  'Petrov',
  'Quintero',
  'Rasmussen',
  'Sorensen',
  'Thibodeaux',
  'Underwood',
  'Varga',
  'Whitfield',
  'Yamamoto',
  'Zielinski',
];
const DEGREES = [
  ['MD', 'Internal Medicine'],
  ['MD', 'Family Medicine'],
  ['DO', 'Orthopedic Surgery'],
  ['MD', 'Cardiology'],
  ['NP', 'Family Nurse Practitioner'],
  ['PA-C', 'Physician Assistant'],
  ['DPT', 'Physical Therapy'],
  ['LCSW', 'Clinical Social Work'],
  ['MD', 'Pediatrics'],
  ['DPM', 'Podiatry'],
] as const;

const PROFILE_WEIGHTS: readonly (readonly [ProfileScenario, number])[] = [
  ['attested', 50],
  ['attestation_due_soon', 12],
  ['reattestation_due', 12],
  ['expired', 8],
  ['initial_profile_complete', 8],
  ['in_progress', 10],
];
const ENROLLMENT_WEIGHTS: readonly (readonly [EnrollmentScenario, number])[] = [
  ['participating', 55],
  ['participating_expiring', 12],
  ['in_review', 12],
  ['denied', 6],
  ['terminated', 7],
  ['expired', 8],
];
const PROFILE_ORDER = PROFILE_WEIGHTS.map(([s]) => s);
const ENROLLMENT_ORDER = ENROLLMENT_WEIGHTS.map(([s]) => s);

function attestation(rng: Rng, scenario: ProfileScenario, asOf: string): { last: string | null; due: string | null } {
  // Days since the last attestation decide the status: due = last + 120.
  const ago: Record<ProfileScenario, [number, number] | null> = {
    attested: [0, 59], // due in 61..120 days
    attestation_due_soon: [90, 105], // due in 15..30 days, still "Attested"
    reattestation_due: [106, 150], // due in 14 days down to 30 days overdue
    expired: [151, 420],
    initial_profile_complete: null,
    in_progress: null,
  };
  const range = ago[scenario];
  if (!range) return { last: null, due: null };
  const last = addDays(asOf, -rng.int(range[0], range[1]));
  return { last, due: addDays(last, REATTESTATION_INTERVAL_DAYS) };
}

function enrollmentDates(
  rng: Rng,
  scenario: EnrollmentScenario,
  asOf: string,
): { effective: string | null; expiry: string | null } {
  switch (scenario) {
    case 'participating': {
      const expiry = addDays(asOf, rng.int(31, 1000));
      return { effective: addDays(expiry, -RECREDENTIALING_DAYS), expiry };
    }
    case 'participating_expiring': {
      const expiry = addDays(asOf, rng.int(0, 30));
      return { effective: addDays(expiry, -RECREDENTIALING_DAYS), expiry };
    }
    case 'in_review':
    case 'denied':
      return { effective: null, expiry: null };
    case 'terminated':
      return { effective: addDays(asOf, -rng.int(400, 1500)), expiry: addDays(asOf, -rng.int(1, 300)) };
    case 'expired': {
      const expiry = addDays(asOf, -rng.int(1, 200));
      return { effective: addDays(expiry, -RECREDENTIALING_DAYS), expiry };
    }
  }
}

function build(seed: number): CaqhData {
  const rng = new Rng(seed, 'caqh:providers');
  const asOf = CAQH_AS_OF;
  const npis = new Set<string>();
  const ids = new Set<string>();
  const names = new Set<string>();
  const providers: CaqhProvider[] = [];
  for (let i = 0; i < CAQH_PROVIDER_COUNT; i++) {
    let npi: string;
    do npi = npiFromNine(`1${rng.digits(8)}`);
    while (npis.has(npi));
    npis.add(npi);
    let caqhId: string;
    do caqhId = `${rng.int(1, 9)}${rng.digits(7)}`;
    while (ids.has(caqhId));
    ids.add(caqhId);
    let firstName: string, lastName: string;
    do {
      firstName = rng.pick(FIRST);
      lastName = rng.pick(LAST);
    } while (names.has(`${firstName} ${lastName}`));
    names.add(`${firstName} ${lastName}`);
    const [degree, specialty] = rng.pick(DEGREES);
    // The first providers cycle through every state so each seed covers all of them.
    const scenario =
      i < PROFILE_ORDER.length * 2
        ? (PROFILE_ORDER[i % PROFILE_ORDER.length] as ProfileScenario)
        : rng.weighted(PROFILE_WEIGHTS);
    const { last, due } = attestation(rng, scenario, asOf);

    const plans = [...CAQH_PLANS];
    const count = scenario === 'in_progress' ? rng.int(0, 1) : rng.int(1, 4);
    const enrollments: CaqhEnrollment[] = [];
    for (let k = 0; k < count; k++) {
      const plan = plans.splice(rng.int(0, plans.length - 1), 1)[0] as (typeof CAQH_PLANS)[number];
      const es =
        k === 0 && i < ENROLLMENT_ORDER.length * 3
          ? (ENROLLMENT_ORDER[i % ENROLLMENT_ORDER.length] as EnrollmentScenario)
          : rng.weighted(ENROLLMENT_WEIGHTS);
      const d = enrollmentDates(rng, es, asOf);
      enrollments.push({
        planId: plan.id,
        planName: plan.name,
        scenario: es,
        statusText: ENROLLMENT_STATUS_TEXT[es][0],
        effectiveDate: d.effective,
        expiryDate: d.expiry,
      });
    }
    enrollments.sort((a, b) => a.planName.localeCompare(b.planName));
    providers.push({
      caqhId,
      npi,
      firstName,
      middleInitial: rng.chars('ABCDEFGHJKLMNPRSTW', 1),
      lastName,
      degree,
      specialty,
      scenario,
      profileStatusText: PROFILE_STATUS_TEXT[scenario][0],
      lastAttestationDate: last,
      reattestationDueDate: due,
      enrollments,
    });
  }
  providers.sort(
    (a, b) =>
      a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || a.npi.localeCompare(b.npi),
  );
  return { seed, asOf, organization: CAQH_ORGANIZATION, providers };
}

const cache = new Map<number, CaqhData>();
export function caqhData(seed: number): CaqhData {
  let d = cache.get(seed);
  if (!d) {
    d = build(seed);
    cache.set(seed, d);
  }
  return d;
}

/** The name as the profile page shows it (and the bot returns it). */
export function providerDisplayName(
  p: Pick<CaqhProvider, 'firstName' | 'middleInitial' | 'lastName' | 'degree'>,
): string {
  return `${p.firstName} ${p.middleInitial}. ${p.lastName}, ${p.degree}`;
}

/** The exact CredentialingStatusOutput a credentialing-status bot must produce. */
export function expectedCredentialingStatus(p: CaqhProvider): CredentialingStatusOutput {
  return {
    npi: p.npi,
    providerName: providerDisplayName(p),
    profileStatus: PROFILE_STATUS_TEXT[p.scenario][1],
    lastAttestationDate: p.lastAttestationDate,
    reattestationDueDate: p.reattestationDueDate,
    enrollments: p.enrollments.map((e) => ({
      payer: e.planId,
      status: ENROLLMENT_STATUS_TEXT[e.scenario][1],
      effectiveDate: e.effectiveDate,
      expiryDate: e.expiryDate,
    })),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** YYYY-MM-DD -> "Nov 3, 2026", the way this portal prints dates. */
export function caqhDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

export interface CaqhTruthProvider {
  npi: string;
  caqhId: string;
  scenario: ProfileScenario;
  enrollmentScenarios: EnrollmentScenario[];
  /** The exact CredentialingStatusOutput a credentialing-status bot must produce. */
  expected: CredentialingStatusOutput;
}

export interface CaqhTruth {
  asOf: string;
  organization: string;
  plans: { id: string; name: string }[];
  /** Usernames only: passwords and TOTP secrets come from demoCredentials(seed). */
  accounts: { id: string; username: string }[];
  providers: CaqhTruthProvider[];
}

export function caqhTruth(seed: number, accounts: readonly { id: string; username: string }[]): CaqhTruth {
  const data = caqhData(seed);
  return {
    asOf: data.asOf,
    organization: data.organization,
    plans: CAQH_PLANS.map((p) => ({ id: p.id, name: p.name })),
    accounts: accounts.map((a) => ({ id: a.id, username: a.username })),
    providers: data.providers.map((p) => ({
      npi: p.npi,
      caqhId: p.caqhId,
      scenario: p.scenario,
      enrollmentScenarios: p.enrollments.map((e) => e.scenario),
      expected: expectedCredentialingStatus(p),
    })),
  };
}

/** Accounts known to the CAQH-like portal: [practice manager (demo), second practice manager]. */
export function caqhAccounts(seed: number = DEFAULT_SEED): PortalAccount[] {
  return [seededAccount(seed, 'caqh', 0), seededAccount(seed, 'caqh', 1)];
}
