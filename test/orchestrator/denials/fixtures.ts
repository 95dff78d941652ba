// Builders for work-queue tests: claim-status result data in the bots'
// ClaimStatusOutput shape, and parsed-835 claims in the `era parse` shape.
import type { ClaimStatusOutput } from '../../../bots/runtime/tasks.ts';
import type { Claim as EraClaim } from '../../../x12/types.ts';

export const CLAIM_ID = '00000000-0000-4000-8000-000000000001';

export function statusData(over: Partial<ClaimStatusOutput> = {}): ClaimStatusOutput {
  return {
    claimNumber: 'CLM-10001',
    payer: 'aetna',
    statusCategory: 'F1',
    statusCode: '65',
    statusText: 'Finalized/Payment',
    serviceDate: '2026-09-01',
    billedAmount: 500,
    allowedAmount: 300,
    paidAmount: 240,
    patientResponsibility: 60,
    checkNumber: 'EFT123',
    paymentDate: '2026-10-01',
    adjustments: [
      { group: 'CO', carc: '45', amount: 200 },
      { group: 'PR', carc: '2', amount: 60 },
    ],
    remarkCodes: [],
    ...over,
  };
}

export function denied(carc: string, amount = 500, over: Partial<ClaimStatusOutput> = {}): ClaimStatusOutput {
  return statusData({
    statusCategory: 'F2',
    statusCode: '1',
    statusText: 'Finalized/Denial',
    allowedAmount: 0,
    paidAmount: 0,
    patientResponsibility: 0,
    billedAmount: amount,
    adjustments: [{ group: 'CO', carc, amount }],
    ...over,
  });
}

export function eraClaim(over: Partial<EraClaim> = {}): EraClaim {
  return {
    patientControlNumber: 'PCN-1',
    statusCode: '4',
    chargeAmount: 800,
    paidAmount: 0,
    patientResponsibility: 0,
    payerClaimControlNumber: 'ICN-1',
    adjustments: [],
    serviceLines: [
      {
        procedure: { qualifier: 'HC', code: '99214', modifiers: [] },
        chargeAmount: 800,
        paidAmount: 0,
        units: 1,
        adjustments: [{ group: 'CO', reason: '197', amount: 800, quantity: null }],
        remarkCodes: ['N54'],
        serviceDate: '2026-09-01',
        allowedAmount: null,
        lineItemControlNumber: null,
      },
    ],
    claimFilingIndicator: 'CI',
    remarkCodes: [],
    ...over,
  };
}
