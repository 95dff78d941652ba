// Where the UHC-like portal shows payments and remittance files (layout v1).
// Kept apart from selectors.ts so the payments pages change in one place.
import { defineSelectors } from '../runtime/selectors.ts';

export const uhcPaymentSelectors = defineSelectors({
  payments: {
    heading: { role: 'heading', name: 'Payments & Remittance', level: 1, exact: true },
    from: { label: 'Payment Date From' },
    to: { label: 'Payment Date To' },
    search: { role: 'button', name: 'Find Payments', exact: true },
    error: { role: 'alert' },
    status: { role: 'status' },
    table: { role: 'table', name: 'Payments', exact: true },
    pagination: { role: 'navigation', name: 'Pagination', exact: true },
  },
});

export const PAYMENT_COLUMNS = {
  paymentDate: 'Payment Date',
  traceNumber: 'Payment Number',
  amount: 'Amount',
  file: '835 File',
  pdf: 'Remittance Advice',
} as const;
/** The status line when a TIN has no payment in the range. */
export const NO_PAYMENTS = /^No payments found\b/;
