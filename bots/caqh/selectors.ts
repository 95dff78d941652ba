// Where the CAQH-like portal shows things (layout v1), one map per page.
// When the portal changes, this is the file to update; the page and element
// names here are what layout_changed errors report.
import { defineSelectors } from '../runtime/selectors.ts';

export const caqhSelectors = defineSelectors({
  signIn: {
    heading: { role: 'heading', name: 'Provider Data Portal Log In', level: 1 },
    username: { label: 'Username' },
    password: { label: 'Password' },
    submit: { role: 'button', name: 'Log In', exact: true },
    error: { role: 'alert' },
  },
  verify: {
    heading: { role: 'heading', name: 'Security Verification', level: 1 },
    code: { label: 'Authentication code' },
    submit: { role: 'button', name: 'Submit Code', exact: true },
  },
  roster: {
    heading: { role: 'heading', name: 'Provider Roster', level: 1, exact: true },
    noResults: { role: 'heading', name: 'No providers found', exact: true },
    table: { role: 'table', name: 'Providers', exact: true },
    next: { role: 'link', name: 'Next ›', exact: true },
  },
  profile: {
    heading: { role: 'heading', name: 'Provider Profile', level: 1, exact: true },
    summary: { role: 'region', name: 'Profile summary', exact: true },
    providerName: { field: 'Provider Name', in: 'summary' },
    npi: { field: 'NPI', in: 'summary' },
    profileStatus: { field: 'Profile Status', in: 'summary' },
    lastAttestationDate: { field: 'Last Attestation Date', in: 'summary' },
    reattestationDueDate: { field: 'Re-attestation Due Date', in: 'summary' },
    plansTab: { role: 'link', name: 'Authorized Plans', exact: true },
  },
  plans: {
    heading: { role: 'heading', name: 'Authorized Plans', level: 1, exact: true },
    provider: { role: 'region', name: 'Provider', exact: true },
    npi: { field: 'NPI', in: 'provider' },
    table: { role: 'table', name: 'Health plan enrollment', exact: true },
  },
});

/** Columns of the roster table (our key -> header text). */
export const ROSTER_COLUMNS = { provider: 'Provider', npi: 'NPI' } as const;
/** Columns of the authorized plans table. */
export const PLAN_COLUMNS = {
  plan: 'Health Plan',
  status: 'Enrollment Status',
  effective: 'Effective Date',
  expiry: 'Expiration Date',
} as const;
/** What the portal prints for a date it does not have. */
export const NO_DATE = ['N/A'] as const;
export const NOT_ATTESTED = ['Not attested'] as const;

type State =
  | 'initial_profile_complete'
  | 'reattestation_due'
  | 'expired'
  | 'in_progress'
  | 'approved'
  | 'denied'
  | 'terminated';

/** Profile status wording -> contract state. A current attestation is the profile's "approved" state. */
export const PROFILE_STATUSES: Readonly<Record<string, State>> = {
  Attested: 'approved',
  'Re-attestation Due': 'reattestation_due',
  Expired: 'expired',
  'Initial Profile Complete': 'initial_profile_complete',
  'Profile In Progress': 'in_progress',
};
/** Enrollment status wording -> contract state. */
export const ENROLLMENT_STATUSES: Readonly<Record<string, State>> = {
  Participating: 'approved',
  'Application In Review': 'in_progress',
  Denied: 'denied',
  Terminated: 'terminated',
  'Enrollment Expired': 'expired',
};
/** Health plan names as the portal shows them -> our payer ids. */
export const PLAN_IDS: Readonly<Record<string, string>> = {
  Aetna: 'aetna',
  'Anthem Blue Cross': 'anthem',
  'Cigna Healthcare': 'cigna',
  Humana: 'humana',
  'State Medicaid': 'medicaid',
  UnitedHealthcare: 'uhc',
};
