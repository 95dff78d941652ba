// Where the UHC-like portal shows things (layout v1), one map per page. When
// the portal changes, this is the file to update; the page and element names
// here are what layout_changed errors report.
import { defineSelectors } from '../runtime/selectors.ts';

export const uhcSelectors = defineSelectors({
  login: {
    username: { label: 'One Healthcare ID' },
    continue: { role: 'button', name: 'Continue', exact: true },
    error: { role: 'alert' },
  },
  password: {
    password: { label: 'Password' },
    submit: { role: 'button', name: 'Sign In', exact: true },
    error: { role: 'alert' },
  },
  verify: {
    code: { label: 'Authenticator code' },
    submit: { role: 'button', name: 'Confirm', exact: true },
  },
  passwordChange: {
    heading: { role: 'heading', name: 'Your password has expired', level: 1, exact: true },
    currentPassword: { label: 'Current password', exact: true },
    newPassword: { label: 'New password', exact: true },
    confirmPassword: { label: 'Confirm new password', exact: true },
    submit: { role: 'button', name: 'Update password', exact: true },
    error: { role: 'alert' },
    confirmation: { role: 'heading', name: 'Password updated', level: 1, exact: true },
  },
  tinPicker: {
    heading: { role: 'heading', name: 'Select a Tax ID', level: 1, exact: true },
    form: { role: 'form', name: 'Select a Tax ID', exact: true },
    continue: { role: 'button', name: 'Continue', exact: true },
  },
  /** The bar every TIN-scoped page shows: "Tax ID: 12-3456789 Practice name". */
  tinBar: {
    bar: { role: 'region', name: 'Selected TIN', exact: true },
  },
  claimSearch: {
    heading: { role: 'heading', name: 'Claims & Payments', level: 1, exact: true },
    claimNumber: { label: 'Claim Number' },
    searchClaim: { role: 'button', name: 'Search Claim', exact: true },
    memberId: { label: 'Member ID' },
    dateOfBirth: { label: 'Patient Date of Birth' },
    memberDosFrom: { label: 'From Date of Service' },
    memberDosTo: { label: 'To Date of Service' },
    searchMember: { role: 'button', name: 'Search Member Claims', exact: true },
    dosFrom: { label: 'Service Date From' },
    dosTo: { label: 'Service Date To' },
    searchDos: { role: 'button', name: 'Search by Date of Service', exact: true },
  },
  noClaims: {
    heading: { role: 'heading', name: 'No claims found', level: 1, exact: true },
  },
  searchResults: {
    heading: { role: 'heading', name: 'Claim Search Results', level: 1, exact: true },
    table: { role: 'table', name: 'Claims', exact: true },
    pagination: { role: 'navigation', name: 'Pagination', exact: true },
    next: { role: 'link', name: 'Next', exact: true },
  },
  claimDetail: {
    heading: { role: 'heading', name: 'Claim Details', level: 1, exact: true },
    info: { role: 'region', name: 'Claim Information', exact: true },
    status: { role: 'region', name: 'Claim Status', exact: true },
    payment: { role: 'region', name: 'Payment Summary', exact: true },
    adjustments: { role: 'table', name: 'Claim Adjustments', exact: true },
    remarks: { role: 'table', name: 'Remark Codes', exact: true },
    claimNumber: { field: 'Claim Number', in: 'info' },
    serviceDates: { field: 'Date(s) of Service', in: 'info' },
    statusText: { field: 'Claim Status', in: 'status' },
    statusCategory: { field: 'Status Category Code', in: 'status' },
    statusCode: { field: 'Status Reason Code', in: 'status' },
    billedAmount: { field: 'Amount Billed', in: 'payment' },
    allowedAmount: { field: 'Allowed Amount', in: 'payment' },
    paidAmount: { field: 'Paid to Provider', in: 'payment' },
    patientResponsibility: { field: 'Member Responsibility', in: 'payment' },
    checkNumber: { field: 'Check/EFT Trace Number', in: 'payment' },
    paymentDate: { field: 'Payment Date', in: 'payment' },
  },
  documentLibrary: {
    heading: { role: 'heading', name: 'Document Library', level: 1, exact: true },
    table: { role: 'table', name: 'Documents', exact: true },
  },
  denialLetter: {
    heading: { role: 'heading', name: 'Explanation of Claim Denial', level: 1, exact: true },
    details: { role: 'region', name: 'Letter details', exact: true },
    reason: { role: 'region', name: 'Reason for Denial', exact: true },
    carcs: { role: 'table', name: 'Claim Adjustment Reason Codes', exact: true },
    rarcs: { role: 'table', name: 'Remittance Advice Remark Codes', exact: true },
    appeal: { role: 'region', name: 'Your Right to Appeal', exact: true },
    letterDate: { field: 'Letter Date', in: 'details' },
    claimNumber: { field: 'Claim Number', in: 'details' },
    billedAmount: { field: 'Amount Billed', in: 'details' },
    deniedAmount: { field: 'Amount Denied', in: 'details' },
  },
});

export const RESULT_COLUMNS = {
  claimNumber: 'Claim Number',
  memberId: 'Member ID',
  patientAccountNumber: 'Patient Account Number',
  serviceDate: 'Date of Service',
  billedAmount: 'Billed',
} as const;
export const ADJUSTMENT_COLUMNS = { group: 'Group', carc: 'Reason Code', amount: 'Adjustment Amount' } as const;
export const REMARK_COLUMNS = { code: 'Remark Code' } as const;
export const DOCUMENT_COLUMNS = {
  type: 'Document Type',
  claimNumber: 'Claim Number',
  documentId: 'Document ID',
  date: 'Document Date',
} as const;
export const LETTER_CARC_COLUMNS = {
  group: 'Group',
  code: 'CARC',
  description: 'Description',
  amount: 'Amount',
} as const;
export const LETTER_RARC_COLUMNS = { code: 'RARC', description: 'Description' } as const;
/** What the portal shows for "no value". */
export const NO_VALUE = ['N/A'] as const;
export const DENIAL_LETTER_TYPE = 'Denial Letter';
