import { describe, expect, it } from 'vitest';
import { accountCanSee } from '../../../../orchestrator/platform/fleet/scope.ts';

describe('accountCanSee', () => {
  it('lets an untagged account see everything', () => {
    expect(accountCanSee(undefined, { tin: '123456789' })).toBe(true);
    expect(accountCanSee({}, { claimNumber: 'X' })).toBe(true);
  });

  it('sends a job for a TIN only to accounts that list it', () => {
    const scope = { tins: ['111111111', '222222222'] };
    expect(accountCanSee(scope, { tin: '111111111' })).toBe(true);
    expect(accountCanSee(scope, { tin: '333333333' })).toBe(false);
  });

  it('checks NPIs and payers the same way, and ignores what the job does not name', () => {
    const scope = { npis: ['1234567890'], payers: ['aetna'] };
    expect(accountCanSee(scope, { npi: '1234567890', payer: 'aetna' })).toBe(true);
    expect(accountCanSee(scope, { npi: '1234567890', payer: 'cigna' })).toBe(false);
    expect(accountCanSee(scope, { npi: '0000000000' })).toBe(false);
    expect(accountCanSee(scope, { claimNumber: 'AET1' })).toBe(true);
  });
});
