// Where the Availity-like portal shows its claim dispute screens (layout v1).
import type { ReconsiderationReason } from '../runtime/tasks.ts';
import { defineSelectors } from '../runtime/selectors.ts';

const confirmation = {
  details: { role: 'table', name: 'Dispute confirmation', exact: true },
  trackingNumber: { field: 'Dispute ID', in: 'details' },
  claimNumber: { field: 'Claim number', in: 'details' },
  payer: { field: 'Payer', in: 'details' },
  submittedDate: { field: 'Submitted', in: 'details' },
} as const;

export const disputeSelectors = defineSelectors({
  center: {
    heading: { role: 'heading', name: 'Claim Disputes', level: 1, exact: true },
    claimNumber: { label: 'Claim number' },
    start: { role: 'button', name: 'Start dispute', exact: true },
    disputeId: { label: 'Dispute ID' },
    find: { role: 'button', name: 'Find dispute', exact: true },
  },
  notAvailable: {
    heading: { role: 'heading', name: 'Dispute not available', level: 1, exact: true },
    message: { role: 'status' },
  },
  details: {
    heading: { role: 'heading', name: 'Dispute a Claim', level: 1, exact: true },
    reason: { label: 'Dispute reason' },
    procedureCode: { label: 'Corrected procedure code' },
    billedAmount: { label: 'Corrected billed amount' },
    argument: { label: 'Explanation' },
    document: { label: 'Supporting documentation (PDF, up to 10 MB)' },
    review: { role: 'button', name: 'Review dispute', exact: true },
    error: { role: 'alert' },
  },
  review: {
    heading: { role: 'heading', name: 'Review your dispute', level: 1, exact: true },
    summary: { role: 'table', name: 'Dispute summary', exact: true },
    claimNumber: { field: 'Claim number', in: 'summary' },
    payer: { field: 'Payer', in: 'summary' },
    reason: { field: 'Dispute reason', in: 'summary' },
    attachment: { field: 'Attachment', in: 'summary' },
    submit: { role: 'button', name: 'Submit dispute', exact: true },
  },
  submitted: { heading: { role: 'heading', name: 'Dispute submitted', level: 1, exact: true }, ...confirmation },
  inProgress: { heading: { role: 'heading', name: 'Dispute in progress', level: 1, exact: true }, ...confirmation },
  notFound: { heading: { role: 'heading', name: 'No dispute found', level: 1, exact: true } },
  status: {
    heading: { role: 'heading', name: 'Dispute status', level: 1, exact: true },
    details: { role: 'table', name: 'Dispute details', exact: true },
    trackingNumber: { field: 'Dispute ID', in: 'details' },
    claimNumber: { field: 'Claim number', in: 'details' },
    payer: { field: 'Payer', in: 'details' },
    submittedDate: { field: 'Submitted', in: 'details' },
    status: { field: 'Status', in: 'details' },
    decision: { field: 'Outcome', in: 'details' },
    approvedAmount: { field: 'Amount approved', in: 'details' },
    decisionDate: { field: 'Closed', in: 'details' },
  },
});

/** The portal's reason option (its label) for each contract reason. */
export const AVAILITY_REASON_LABELS: Record<ReconsiderationReason, string> = {
  corrected_claim: 'Corrected claim information',
  medical_necessity: 'Medical necessity',
  prior_authorization: 'Authorization on file',
  timely_filing: 'Timely filing',
  coordination_of_benefits: 'Coordination of benefits',
  not_duplicate: 'Not a duplicate',
  coding: 'Coding dispute',
  underpayment: 'Incorrect payment amount',
  other: 'Other',
};
export const AVAILITY_DISPUTE_STATUS = { 'Pending review': 'in_review', Closed: 'decided' } as const;
export const AVAILITY_DISPUTE_OUTCOME = {
  Overturned: 'overturned',
  Upheld: 'upheld',
  'Partially overturned': 'partially_paid',
} as const;
