// Where the Medicaid-like legacy portal shows things (layout v1), one map per
// page. Pages inside the workspace live in iframes: they are looked up in a
// frameLocator() scope (see frames.ts), with the same role/label-first specs.
import { defineSelectors } from '../runtime/selectors.ts';

export const medicaidSelectors = defineSelectors({
  login: {
    heading: { role: 'heading', name: 'PROVIDER LOGON', level: 1 },
    providerId: { label: 'PROVIDER ID:' },
    password: { label: 'PASSWORD:' },
    submit: { role: 'button', name: 'LOG ON', exact: true },
    error: { role: 'alert' },
  },
  passwordChange: {
    heading: { role: 'heading', name: 'PASSWORD EXPIRED', level: 1, exact: true },
    currentPassword: { label: 'CURRENT PASSWORD:', exact: true },
    newPassword: { label: 'NEW PASSWORD:', exact: true },
    confirmPassword: { label: 'CONFIRM NEW PASSWORD:', exact: true },
    submit: { role: 'button', name: 'CHANGE PASSWORD', exact: true },
    error: { role: 'alert' },
    confirmation: { role: 'heading', name: 'PASSWORD CHANGED', level: 1, exact: true },
  },
  terms: {
    heading: { role: 'heading', name: 'TERMS AND CONDITIONS OF USE', level: 1 },
    accept: { label: 'I ACCEPT THE TERMS AND CONDITIONS' },
    submit: { role: 'button', name: 'CONTINUE', exact: true },
  },
  menu: {
    claimInquiry: { role: 'link', name: 'CLAIM INQUIRY', exact: true },
    remittanceAdvice: { role: 'link', name: 'REMITTANCE ADVICE', exact: true },
  },
  claimInquiry: {
    heading: { role: 'heading', name: 'CLAIM INQUIRY', level: 1, exact: true },
    icn: { label: 'ICN:' },
    submit: { role: 'button', name: 'SUBMIT', exact: true },
    notFound: { text: 'NO RECORDS FOUND FOR THE ICN ENTERED.' },
    recipientId: { label: 'RECIPIENT ID:' },
    dateOfBirth: { label: 'DATE OF BIRTH (MM/DD/YYYY):' },
    fromDos: { label: 'FROM DOS (MM/DD/YYYY):' },
    toDos: { label: 'TO DOS (MM/DD/YYYY):' },
    searchRecipient: { role: 'button', name: 'SEARCH RECIPIENT', exact: true },
    recipientNotFound: { text: 'NO RECORDS FOUND FOR THE RECIPIENT ENTERED.' },
    error: { role: 'alert' },
  },
  recipientResults: {
    heading: { role: 'heading', name: 'CLAIM INQUIRY - RESULTS', level: 1, exact: true },
    claims: { role: 'table', name: 'CLAIMS FOUND', exact: true },
  },
  claimDetail: {
    heading: { role: 'heading', name: 'CLAIM INQUIRY - DETAIL', level: 1 },
    claimInfo: { role: 'table', name: 'CLAIM INFORMATION', exact: true },
    payment: { role: 'table', name: 'PAYMENT INFORMATION', exact: true },
    adjustments: { role: 'table', name: 'ADJUSTMENTS', exact: true },
    remarks: { role: 'table', name: 'REMARKS', exact: true },
    lines: { role: 'table', name: 'SERVICE LINES', exact: true },
  },
  remittance: {
    heading: { role: 'heading', name: 'REMITTANCE ADVICE', level: 1 },
    fromDate: { label: 'FROM DATE (MM/DD/YYYY):' },
    toDate: { label: 'TO DATE (MM/DD/YYYY):' },
    search: { role: 'button', name: 'SEARCH', exact: true },
    error: { role: 'alert' },
    noFiles: { text: 'NO REMITTANCE ADVICE FOUND FOR THE DATES ENTERED.' },
    files: { role: 'table', name: 'REMITTANCE ADVICE FILES', exact: true },
    next: { role: 'link', name: 'NEXT >', exact: true },
  },
});

/** The workspace's iframes (by title, what a screen reader announces). */
export const FRAMES = {
  menu: { name: 'navFrame', css: 'iframe[title="MENU"]' },
  work: { name: 'contentFrame', css: 'iframe[title="WORK AREA"]' },
} as const;

/** Labelled values of the claim detail (our key -> label cell text). */
export const CLAIM_INFO_LABELS = {
  claimNumber: 'ICN:',
  payer: 'PAYER:',
  serviceDate: 'FROM DOS:',
  statusCategory: 'STATUS CATEGORY:',
  statusCode: 'STATUS CODE:',
  statusText: 'STATUS DESCRIPTION:',
} as const;
export const PAYMENT_LABELS = {
  billedAmount: 'BILLED AMT:',
  allowedAmount: 'ALLOWED AMT:',
  paidAmount: 'PAID AMT:',
  patientResponsibility: 'RECIPIENT LIABILITY:',
  checkNumber: 'CHECK/EFT NO:',
  paymentDate: 'RA DATE:',
} as const;
export const ADJUSTMENT_COLUMNS = { group: 'GRP', carc: 'CARC', amount: 'ADJ AMT' } as const;
export const REMARK_COLUMNS = { code: 'REMARK CODE' } as const;
export const LINE_COLUMNS = {
  line: 'LN',
  procedureCode: 'PROC',
  billedAmount: 'BILLED',
  paidAmount: 'PAID',
  status: 'LINE STATUS',
} as const;
export const RECIPIENT_COLUMNS = {
  icn: 'ICN',
  patientControlNumber: 'PATIENT ACCT NO',
  serviceDate: 'FROM DOS',
  billedAmount: 'BILLED AMT',
} as const;
export const RA_COLUMNS = {
  paymentDate: 'PAYMENT DATE',
  paymentType: 'PAYMENT TYPE',
  traceNumber: 'CHECK/EFT NO.',
  amount: 'PAYMENT AMT',
  file: '835 FILE',
  pdf: 'RA PDF',
} as const;

/** What the portal shows for "no value", and for empty tables. */
export const NO_VALUE = ['N/A'] as const;
export const EMPTY_ROWS = ['NO ADJUSTMENTS', 'NO REMARKS'] as const;
/** Payer name as shown -> our payer id. */
export const PAYER_IDS: Readonly<Record<string, string>> = { 'STATE MEDICAL ASSISTANCE PROGRAM': 'medicaid' };
