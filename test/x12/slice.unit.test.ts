// slice835Claim: the claim's CLP loop with its transaction header and trailer,
// nothing of the other claims in the file, SSNs masked, parties read out.
import { describe, expect, it } from 'vitest';
import { slice835Claim } from '../../x12/slice.ts';

const ISA =
  'ISA*00*          *00*          *ZZ*PAYER          *ZZ*PROVIDER       *261201*1200*^*00501*000000001*0*P*:~';
const segs = [
  ISA,
  'GS*HP*PAYER*PROVIDER*20261201*1200*1*X*005010X221A1',
  'ST*835*0001',
  'BPR*I*100*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999999999*DA*654321*20261201',
  'TRN*1*EFT1*1512345678',
  'N1*PR*ACME HEALTH',
  'N1*PE*RIVERSIDE CLINIC*XX*1234567893',
  'REF*TJ*123456789',
  'LX*1',
  'CLP*PCN-1*1*200*100*0*12*CLAIM-A',
  'NM1*QC*1*OTHER*PAT****MI*M-OTHER',
  'CLP*PCN-2*4*420.5*0*0*12*CLAIM-B',
  'CAS*CO*197*420.5',
  'NM1*QC*1*DOE*JANE****34*123456789',
  'NM1*IL*1*DOE*JOHN****MI*MEMB-77',
  'REF*SY*987654321',
  'DTM*232*20261015',
  'DTM*233*20261015',
  'DTM*050*20261020',
  'SVC*HC:99213*420.5*0**1',
  'PLB*1512345678*20261231*WO:X*-5',
  'SE*18*0001',
  'ST*835*0002',
  'BPR*I*0*C*NON************20261202',
  'LX*1',
  'CLP*PCN-2*1*50*50*0*12*CLAIM-C',
  'SE*5*0002',
  'GE*2*1',
  'IEA*1*000000001',
];
const file = Buffer.from(`${segs.join('~\n')}~\n`);

describe('slice835Claim', () => {
  it('takes the header, the claim loop and SE, and nothing of other claims', () => {
    const s = slice835Claim(file, { patientControlNumber: 'PCN-2', payerClaimNumber: 'CLAIM-B' })!;
    const lines = s.text.split('\n');
    expect(lines[0]).toBe('ST*835*0001~');
    expect(lines).toContain('N1*PE*RIVERSIDE CLINIC*XX*1234567893~');
    expect(lines).toContain('CLP*PCN-2*4*420.5*0*0*12*CLAIM-B~');
    expect(lines).toContain('SVC*HC:99213*420.5*0**1~');
    expect(lines[lines.length - 1]).toBe('SE*18*0001~');
    expect(s.text).not.toContain('OTHER');
    expect(s.text).not.toContain('PLB');
    expect(s.text).not.toContain('CLAIM-C');
    // SSNs never leave: masked in the text.
    expect(s.text).not.toContain('123456789*');
    expect(s.text).not.toContain('987654321');
    expect(s.text).toContain('NM1*QC*1*DOE*JANE****34*XXXXXXXXX~');
    expect(s).toMatchObject({
      patient: { lastName: 'DOE', firstName: 'JANE', memberId: 'MEMB-77' },
      payee: { name: 'RIVERSIDE CLINIC', npi: '1234567893', taxId: '123456789' },
      payerName: 'ACME HEALTH',
      statementFrom: '2026-10-15',
      statementTo: '2026-10-15',
      receivedDate: '2026-10-20',
    });
  });

  it('picks the stored position among claims with the same account number, and misses cleanly', () => {
    const c = slice835Claim(file, { patientControlNumber: 'PCN-2', transactionIndex: 1, claimIndex: 0 })!;
    expect(c.text).toContain('CLAIM-C');
    expect(c.text.split('\n').at(-1)).toBe('SE*5*0002~');
    expect(slice835Claim(file, { patientControlNumber: 'PCN-2' })!.text).toContain('CLAIM-B');
    expect(slice835Claim(file, { patientControlNumber: 'PCN-9' })).toBeNull();
    expect(slice835Claim(Buffer.from('not x12'), { patientControlNumber: 'PCN-2' })).toBeNull();
  });
});
