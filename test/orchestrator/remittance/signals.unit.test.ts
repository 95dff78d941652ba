// Silent-denial signals and reversal links read from real 835 shapes (the
// golden files): paid as a different code (SVC06), pharmacy rejects (LQ*RX),
// interest (AMT*I), PLB recoupments tied to the claim they name, and a
// reversal (CLP02 = 22) linked to the claim that corrects it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyClaim } from '../../../orchestrator/remittance/classify.ts';
import { linkReversals, transactionSignals } from '../../../orchestrator/remittance/signals.ts';
import { parse835Text } from '../../../x12/index.ts';

const tx = (f: string) =>
  parse835Text(readFileSync(new URL(`../../x12/golden/${f}`, import.meta.url))).transactions[0]!;

describe('ERA signals', () => {
  it('links a reversal to its corrected claim (REF*F8 = the reversed CLP07) and reports the net effect', () => {
    const t = tx('20-reversal-pair.835');
    expect(linkReversals(t)).toEqual(new Map([[0, 1]]));
    const s = transactionSignals(t);
    expect(s[0]).toEqual([{ kind: 'reversal', correctedBy: 1 }]);
    expect(s[1]).toEqual([{ kind: 'corrects', reversal: 0, netPaid: 30 }]);
    // The reversal is a correction, never a new denial for the work queue.
    expect(classifyClaim(t.claims[0]!)).toBe('reversal');
    expect(classifyClaim(t.claims[1]!)).toBeNull();
  });

  it('a reversal without its correction in the same payment is still marked, with no partner', () => {
    const t = tx('04-reversal.835');
    const s = transactionSignals(t);
    expect(s[0]).toEqual([{ kind: 'reversal', correctedBy: 1 }]);
    const alone = { ...t, claims: [t.claims[0]!] };
    expect(transactionSignals(alone)[0]).toEqual([{ kind: 'reversal', correctedBy: null }]);
  });

  it('reports paid-as-different-code, pharmacy rejects and interest', () => {
    const s = transactionSignals(tx('21-institutional-details.835'));
    expect(s[0]).toEqual([
      { kind: 'paid_as_different_code', line: 0, submitted: '99233', paid: '99223' },
      { kind: 'interest_paid', amount: 12.5 },
    ]);
    expect(s[1]).toEqual([{ kind: 'pharmacy_reject', line: 0, codes: ['75', '79'] }]);
  });

  it('ties a PLB recoupment (WO/72/FB) to the claim whose payer claim number it references', () => {
    const t = tx('20-reversal-pair.835');
    const withPlb = {
      ...t,
      providerAdjustments: [
        { reason: 'WO', reference: 'ICNR1C', amount: 40 },
        { reason: 'L6', reference: 'ICNR1C', amount: -2 },
        { reason: '72', reference: 'OTHER', amount: 5 },
      ],
    };
    expect(transactionSignals(withPlb)[1]).toContainEqual({ kind: 'recouped', reason: 'WO', amount: 40 });
    expect(transactionSignals(withPlb)[1]!.filter((x) => x.kind === 'recouped')).toHaveLength(1);
  });

  it('reports payment to an NPI other than the billed one: rendering NPI first, else the payee NPI', () => {
    const t = tx('21-institutional-details.835');
    const base = { ...t, claims: [t.claims[0]!], payee: { ...t.payee, npi: '1111111111' } };
    const withRendering = (id: string, q = 'XX') => ({
      ...base,
      claims: [{ ...t.claims[0]!, renderingProvider: { idQualifier: q, id } }],
    });
    const npi = (s: ReturnType<typeof transactionSignals>) => s[0]!.filter((x) => x.kind === 'paid_to_other_npi');
    // Group billing: payee is the group, rendering is the billed provider: fine.
    expect(npi(transactionSignals(withRendering('3333333333'), ['3333333333']))).toEqual([]);
    expect(npi(transactionSignals(withRendering('2222222222'), ['3333333333']))).toEqual([
      { kind: 'paid_to_other_npi', billed: '3333333333', paid: '2222222222', via: 'rendering' },
    ]);
    // Billed under the group NPI that is also the payee: the rendering NPI does not make it a mismatch.
    expect(npi(transactionSignals(withRendering('2222222222'), ['1111111111']))).toEqual([]);
    // A non-NPI rendering id (NM108 = MC) is no evidence: the payee NPI decides.
    const noRendering = { ...base, claims: [{ ...t.claims[0]!, renderingProvider: undefined }] };
    expect(npi(transactionSignals(withRendering('ABC123', 'MC'), ['1111111111']))).toEqual([]);
    expect(npi(transactionSignals(noRendering, ['3333333333']))).toEqual([
      { kind: 'paid_to_other_npi', billed: '3333333333', paid: '1111111111', via: 'payee' },
    ]);
    // No billed NPI known, or no NPI in the remit: nothing guessed.
    expect(npi(transactionSignals(noRendering))).toEqual([]);
    expect(npi(transactionSignals({ ...noRendering, payee: { ...t.payee, npi: null } }, ['3333333333']))).toEqual([]);
  });
});
