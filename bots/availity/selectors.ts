// Where the Availity-like portal shows things (layout v1), one map per page.
// When the portal changes, this is the file to update; the page and element
// names here are what layout_changed errors report.
import { defineSelectors } from '../runtime/selectors.ts';

export const availitySelectors = defineSelectors({
  login: {
    heading: { role: 'heading', name: 'Sign in', level: 1 },
    username: { label: 'User ID' },
    password: { label: 'Password' },
    submit: { role: 'button', name: 'Sign in', exact: true },
    error: { role: 'alert' },
  },
  mfa: {
    heading: { role: 'heading', name: 'Verify your identity', level: 1 },
    code: { label: 'Verification code' },
    submit: { role: 'button', name: 'Verify', exact: true },
    error: { role: 'alert' },
  },
  passwordChange: {
    heading: { role: 'heading', name: 'Your password has expired', level: 1 },
    currentPassword: { label: 'Current password', exact: true },
    newPassword: { label: 'New password', exact: true },
    confirmPassword: { label: 'Confirm new password', exact: true },
    submit: { role: 'button', name: 'Change password', exact: true },
    error: { role: 'alert' },
    confirmation: { role: 'heading', name: 'Password changed', level: 1, exact: true },
  },
  claimSearch: {
    heading: { role: 'heading', name: 'Claim Status Inquiry', level: 1 },
    claimNumber: { label: 'Claim number' },
    searchByClaimNumber: { role: 'button', name: 'Search by claim number', exact: true },
    // Both search forms have a "Payer" list; the member search's is the one in its form.
    memberPayer: { css: 'form[aria-label="Search by member"] select[name="payer"]' },
    providerNpi: { label: 'Provider NPI' },
    memberId: { label: 'Member ID' },
    dateOfBirth: { label: 'Patient date of birth' },
    serviceDateFrom: { label: 'Service date from' },
    serviceDateTo: { label: 'Service date to' },
    searchByMember: { role: 'button', name: 'Search by member', exact: true },
  },
  noResults: {
    heading: { role: 'heading', name: 'No claims found', level: 1, exact: true },
  },
  memberResults: {
    heading: { role: 'heading', name: 'Claim Status Results', level: 1, exact: true },
    table: { role: 'table', name: 'Matching claims', exact: true },
  },
  claimDetail: {
    heading: { role: 'heading', name: 'Claim Status Results', level: 1, exact: true },
    summary: { role: 'table', name: 'Claim summary', exact: true },
    payment: { role: 'table', name: 'Payment', exact: true },
    adjustments: { role: 'table', name: 'Adjustments', exact: true },
    remarks: { role: 'list', name: 'Remark codes', exact: true },
    claimNumber: { field: 'Claim number', in: 'summary' },
    payer: { field: 'Payer', in: 'summary' },
    serviceDate: { field: 'Date of service', in: 'summary' },
    statusCategory: { field: 'Status category', in: 'summary' },
    statusCode: { field: 'Status code', in: 'summary' },
    statusText: { field: 'Status', in: 'summary' },
    billedAmount: { field: 'Billed amount', in: 'payment' },
    allowedAmount: { field: 'Allowed amount', in: 'payment' },
    paidAmount: { field: 'Paid amount', in: 'payment' },
    patientResponsibility: { field: 'Patient responsibility', in: 'payment' },
    checkNumber: { field: 'Check/EFT number', in: 'payment' },
    paymentDate: { field: 'Payment date', in: 'payment' },
  },
  remittanceList: {
    heading: { role: 'heading', name: 'Remittance Viewer', level: 1, exact: true },
    payer: { label: 'Payer' },
    from: { label: 'Payment date from' },
    to: { label: 'Payment date to' },
    search: { role: 'button', name: 'Search remittances', exact: true },
    status: { role: 'status' },
    table: { role: 'table', name: 'Remittances', exact: true },
    nextPage: { role: 'link', name: 'Next page', exact: true },
  },
  noDenial: {
    heading: { role: 'heading', name: 'No denial found', level: 1, exact: true },
  },
  denialDetail: {
    heading: { role: 'heading', name: 'Denial Details', level: 1, exact: true },
    summary: { role: 'table', name: 'Denial summary', exact: true },
    reasons: { role: 'table', name: 'Denial reason codes', exact: true },
    remarks: { role: 'table', name: 'Remark codes', exact: true },
    rationale: { role: 'region', name: 'Payer rationale', exact: true },
    claimNumber: { field: 'Claim number', in: 'summary' },
    payer: { field: 'Payer', in: 'summary' },
    billedAmount: { field: 'Billed amount', in: 'summary' },
    deniedAmount: { field: 'Denied amount', in: 'summary' },
    denialDate: { field: 'Denial date', in: 'summary' },
    appealDeadline: { field: 'Appeal deadline', in: 'summary' },
  },
});

/** Columns of the remittance list (our key -> header text). */
export const REMITTANCE_COLUMNS = {
  payer: 'Payer',
  paymentDate: 'Payment date',
  method: 'Payment method',
  traceNumber: 'Check/EFT number',
  amount: 'Amount',
  file: '835 file',
} as const;
/** Columns of the denial reason codes table. */
export const DENIAL_REASON_COLUMNS = {
  group: 'Group',
  code: 'Reason code',
  description: 'Description',
  amount: 'Amount',
} as const;
/** Columns of the denial remark codes table. */
export const DENIAL_REMARK_COLUMNS = { code: 'Code', description: 'Description' } as const;
/** What the denial page shows instead of a deadline or a rationale. */
export const NOT_APPEALABLE = ['Not appealable'] as const;
export const NO_RATIONALE = 'No rationale was provided by the payer.';

/** Columns of the adjustments table (our key -> header text). */
export const ADJUSTMENT_COLUMNS = { group: 'Group code', carc: 'Reason code', amount: 'Amount' } as const;
/** Columns of the member search results table. */
export const MEMBER_RESULT_COLUMNS = {
  claimNumber: 'Claim number',
  patientControlNumber: 'Patient control number',
  serviceDate: 'Date of service',
  billedAmount: 'Billed',
} as const;
/** What the portal shows for "no value". */
export const NO_VALUE = ['—'] as const;
/** Payer names as the portal shows them -> our payer ids. */
export const PAYER_IDS: Readonly<Record<string, string>> = {
  Aetna: 'aetna',
  'Cigna Healthcare': 'cigna',
  'Anthem Blue Cross': 'anthem',
};
