import { describe, expect, it } from 'vitest';
import { formatCents, formatD8, parseCents } from '../../x12/money.ts';
import { parse835Text } from '../../x12/index.ts';

describe('cents arithmetic', () => {
  it('parses decimal strings to integer cents without float error', () => {
    expect(parseCents('0.1')).toBe(10);
    expect(parseCents('0.29')).toBe(29);
    expect(parseCents('-12.5')).toBe(-1250);
    expect(parseCents('.75')).toBe(75);
    expect(parseCents('100')).toBe(10000);
    expect(parseCents('1.500')).toBe(150);
    expect(parseCents('+3')).toBe(300);
    expect(parseCents('-0')).toBe(0);
    expect(Object.is(parseCents('-0'), -0)).toBe(false);
    for (const bad of ['', '-', '.', '1.234', '1e3', '1,00', ' 1', '12a', '1.2.3', undefined])
      expect(parseCents(bad)).toBeNull();
  });

  it('formats cents as the shortest X12 decimal', () => {
    expect(formatCents(12300)).toBe('123');
    expect(formatCents(1250)).toBe('12.5');
    expect(formatCents(1205)).toBe('12.05');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(0)).toBe('0');
  });

  it('formats D8 dates', () => {
    expect(formatD8('20240229')).toBe('2024-02-29');
    expect(formatD8('2024022')).toBeNull();
    expect(formatD8('20241301')).toBeNull();
  });

  it('balances sums that floats get wrong (0.1 + 0.2 = 0.3)', () => {
    const isa =
      'ISA*00*          *00*          *ZZ*P              *ZZ*C              *240101*1200*^*00501*000000001*0*P*:~';
    const text =
      `${isa}GS*HP*P*C*20240101*1200*1*X*005010X221A1~ST*835*1~BPR*I*0.3*C*CHK************20240101~TRN*1*T*1~N1*PR*P~N1*PE*C*XX*1~LX*1~` +
      'CLP*A*1*0.4*0.1*0*CI~CAS*CO*45*0.3~CLP*B*1*0.3*0.2*0*CI~CAS*CO*45*0.1~SE*11*1~GE*1*1~IEA*1*000000001~';
    const r = parse835Text(text);
    expect(r.transactions[0]!.balance).toEqual({ ok: true, problems: [] });
    expect(r.warnings).toEqual([]);
  });
});
