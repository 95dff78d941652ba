// credentialingAlerts: the 30-day flags of DESIGN.md "Credentialing".
import { describe, expect, it } from 'vitest';
import type { CredentialingStatusOutput } from '../../../bots/runtime/tasks.ts';
import { credentialingAlerts } from '../../../orchestrator/credentialing/alerts.ts';

const TODAY = '2026-11-23';
const base: CredentialingStatusOutput = {
  npi: '1234567893',
  providerName: 'Grace K. Hollis, MD',
  profileStatus: 'approved',
  lastAttestationDate: '2026-10-01',
  reattestationDueDate: '2027-01-29',
  enrollments: [],
};
const kinds = (o: CredentialingStatusOutput, today = TODAY, win?: number) =>
  credentialingAlerts(o, today, win).map((a) => [a.kind, a.payer ?? null, a.daysRemaining]);

describe('credentialingAlerts', () => {
  it('flags nothing for a current attestation and long-running enrollments', () => {
    expect(
      kinds({
        ...base,
        enrollments: [{ payer: 'aetna', status: 'approved', effectiveDate: '2025-01-01', expiryDate: '2028-01-01' }],
      }),
    ).toEqual([]);
  });

  it('flags re-attestation due within 30 days, boundaries included', () => {
    expect(kinds({ ...base, reattestationDueDate: '2026-12-23' })).toEqual([['reattestation_due_soon', null, 30]]);
    expect(kinds({ ...base, reattestationDueDate: '2026-12-24' })).toEqual([]);
    expect(kinds({ ...base, reattestationDueDate: TODAY })).toEqual([['reattestation_due_soon', null, 0]]);
    expect(kinds({ ...base, reattestationDueDate: '2026-12-24' }, TODAY, 31)).toEqual([
      ['reattestation_due_soon', null, 31],
    ]);
  });

  it('flags an overdue re-attestation and an expired profile', () => {
    expect(kinds({ ...base, profileStatus: 'reattestation_due', reattestationDueDate: '2026-11-20' })).toEqual([
      ['reattestation_overdue', null, -3],
    ]);
    expect(kinds({ ...base, profileStatus: 'expired', reattestationDueDate: '2026-06-01' })).toEqual([
      ['profile_expired', null, -175],
    ]);
    // The portal's word counts even when it shows no date.
    expect(
      kinds({ ...base, profileStatus: 'reattestation_due', lastAttestationDate: null, reattestationDueDate: null }),
    ).toEqual([['reattestation_due_soon', null, null]]);
  });

  it('does not flag profiles that were never attested', () => {
    expect(
      kinds({
        ...base,
        profileStatus: 'initial_profile_complete',
        lastAttestationDate: null,
        reattestationDueDate: null,
      }),
    ).toEqual([]);
    expect(
      kinds({ ...base, profileStatus: 'in_progress', lastAttestationDate: null, reattestationDueDate: null }),
    ).toEqual([]);
  });

  it('flags enrollments expiring within 30 days or expired, most urgent first, and ignores ended ones', () => {
    const out = kinds({
      ...base,
      reattestationDueDate: '2026-12-13',
      enrollments: [
        { payer: 'aetna', status: 'approved', effectiveDate: '2023-12-01', expiryDate: '2026-12-01' },
        { payer: 'cigna', status: 'expired', effectiveDate: '2023-01-01', expiryDate: '2026-01-01' },
        { payer: 'uhc', status: 'approved', effectiveDate: '2023-11-01', expiryDate: '2026-11-01' },
        { payer: 'anthem', status: 'terminated', effectiveDate: '2022-01-01', expiryDate: '2026-11-30' },
        { payer: 'humana', status: 'denied', effectiveDate: null, expiryDate: null },
        { payer: 'medicaid', status: 'in_progress', effectiveDate: null, expiryDate: null },
        { payer: 'x-plan', status: 'approved', effectiveDate: '2026-01-01', expiryDate: '2026-12-24' },
      ],
    });
    expect(out).toEqual([
      ['enrollment_expired', 'cigna', -326],
      ['enrollment_expired', 'uhc', -22],
      ['enrollment_expiring', 'aetna', 8],
      ['reattestation_due_soon', null, 20],
    ]);
  });

  it('says what and when in the message, and rejects bad input naming the field', () => {
    const [a] = credentialingAlerts(
      { ...base, enrollments: [{ payer: 'aetna', status: 'approved', effectiveDate: null, expiryDate: '2026-11-24' }] },
      TODAY,
    );
    expect(a).toMatchObject({
      kind: 'enrollment_expiring',
      npi: base.npi,
      payer: 'aetna',
      date: '2026-11-24',
      message: 'Enrollment with aetna expires in 1 day (2026-11-24)',
    });
    expect(() => credentialingAlerts(base, '11/23/2026')).toThrow(/today/);
    expect(() => credentialingAlerts(base, TODAY, -1)).toThrow(/windowDays/);
    expect(() => credentialingAlerts({ ...base, npi: '123' }, TODAY)).toThrow(/npi/);
  });
});
