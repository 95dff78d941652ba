// Bad input gives an X12ParseError whose one-line message names the segment
// and its position; never another exception, never a crash.
import { describe, expect, it } from 'vitest';
import { X12ParseError, parse835Text } from '../../x12/index.ts';

const ISA =
  'ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         *240101*1200*^*00501*000000001*0*P*:~';
const BODY = [
  'GS*HP*PAYER*CLINIC*20240101*1200*1*X*005010X221A1~',
  'ST*835*0001~',
  'BPR*I*10*C*CHK************20240102~',
  'TRN*1*T1*1999999999~',
  'N1*PR*P~',
  'N1*PE*C*XX*1234567893~',
  'LX*1~',
  'CLP*X1*1*10*10*0*CI*ICN~',
  'SE*8*0001~',
  'GE*1*1~',
  'IEA*1*000000001~',
];
const good = ISA + BODY.join('');

function failure(input: string | Buffer): X12ParseError {
  try {
    parse835Text(input);
  } catch (e) {
    if (e instanceof X12ParseError) return e;
    throw new Error(`expected X12ParseError, got ${String(e)}`);
  }
  throw new Error('expected a parse failure');
}

describe('X12ParseError', () => {
  it('parses the baseline', () => {
    const r = parse835Text(good);
    expect(r.transactions).toHaveLength(1);
    expect(r.warnings).toEqual([]);
  });

  it('decodes UTF-8 names', () => {
    const r = parse835Text(Buffer.from(good.replace('N1*PE*C*', 'N1*PE*CLÍNICA SÃO JOSÉ*'), 'utf8'));
    expect(r.transactions[0]!.payee.name).toBe('CLÍNICA SÃO JOSÉ');
  });

  it('not X12 at all', () => {
    const e = failure('Hello, this is a PDF?');
    expect(e.message).toMatch(/not an X12 file/);
    expect(e.message).toContain('#1 at byte 0');
  });

  it('empty file', () => {
    expect(failure('').message).toMatch(/empty/);
    expect(failure('  \r\n ').message).toMatch(/empty/);
  });

  it('binary garbage', () => {
    const e = failure(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]));
    expect(e).toBeInstanceOf(X12ParseError);
  });

  it('truncated inside the ISA', () => {
    const e = failure(ISA.slice(0, 60));
    expect(e.message).toMatch(/ISA.*truncated|truncated.*ISA/);
    expect(e.segmentId).toBe('ISA');
  });

  it('truncated mid-segment names that segment', () => {
    const cut = good.indexOf('CLP*') + 9;
    const e = failure(good.slice(0, cut));
    expect(e.segmentId).toBe('CLP');
    expect(e.position).toBe(9);
    expect(e.message).toContain('truncated');
    expect(e.message).toContain(`segment CLP #9 at byte ${good.indexOf('CLP*')}`);
  });

  it('missing IEA / GE / SE', () => {
    expect(failure(good.slice(0, good.indexOf('IEA'))).message).toMatch(/missing IEA/);
    expect(failure(good.slice(0, good.indexOf('GE*'))).message).toMatch(/missing GE and IEA/);
    expect(failure(good.slice(0, good.indexOf('SE*'))).message).toMatch(/missing SE/);
  });

  it('an unterminated IEA at end of file is accepted', () => {
    expect(parse835Text(good.slice(0, -1)).transactions).toHaveLength(1);
  });

  it('structure violations name the segment', () => {
    expect(failure(good.replace('BPR*', 'XYZ*')).message).toMatch(/expected BPR.*segment XYZ #4/);
    expect(failure(good.replace('CLP*X1*1*10*10', 'CLP*X1*1*1O*10')).message).toMatch(
      /CLP03 charge amount "1O" is not a monetary amount.*segment CLP #9/,
    );
    expect(failure(good.replace('LX*1~', 'LX*1~SVC*HC:1*1*1~')).message).toMatch(/SVC outside a claim/);
    expect(failure(good.replace('SE*8*0001~', '')).message).toMatch(/missing SE/);
    expect(failure(good.replace('GS*HP', 'GX*HP')).message).toMatch(/outside a transaction set|missing ST|missing GS/);
    expect(failure(good.replace('ST*835', 'ST*837')).message).toMatch(/"837" is not an 835/);
    expect(failure(`${good}garbage~`).message).toMatch(/expected ISA.*after IEA/);
  });

  it('unusable ISA delimiters', () => {
    expect(failure(ISA.replace(/\*/g, 'A')).message).toMatch(/malformed ISA|unusable delimiters/);
  });

  it('control count and number mismatches are warnings, not errors', () => {
    const bad = good
      .replace('SE*8*0001', 'SE*7*0002')
      .replace('GE*1*1~', 'GE*2*7~')
      .replace('IEA*1*000000001', 'IEA*3*000000009');
    const r = parse835Text(bad);
    expect(r.transactions).toHaveLength(1);
    expect(r.warnings.map((w) => w.code)).toEqual([
      'SE_COUNT',
      'SE_CONTROL',
      'GE_COUNT',
      'GE_CONTROL',
      'IEA_COUNT',
      'IEA_CONTROL',
    ]);
  });
});
