// Writer round trip: random balanced remittances -> write835 -> parse ->
// deep-equal to the input (minus the patient identity the parser must drop),
// across several delimiter sets and line-break styles.
import { describe, expect, it } from 'vitest';
import { parse835Text } from '../../x12/index.ts';
import { mulberry32, randomTransaction } from '../../x12/sample.ts';
import { expectedFromWriter } from '../../x12/write-expected.ts';
import { Era835Writer, write835, type Write835Options } from '../../x12/write.ts';

const STYLES: Write835Options[] = [
  {},
  { lineBreak: '\n' },
  { lineBreak: '\r\n', element: '|', component: '^', repetition: '}', segment: '~' },
  { element: '!', component: '>', repetition: '^', segment: '\n' },
  { element: '*', component: ':', repetition: '^', segment: "'" },
];

describe('835 writer round trip', () => {
  it('parse(write(x)) equals x for 300 random remittances', () => {
    const rng = mulberry32(20240115);
    for (let i = 0; i < 300; i++) {
      const txs = Array.from({ length: 1 + (i % 3) }, (_, j) =>
        randomTransaction(rng, String(i * 10 + j).padStart(4, '0')),
      );
      const opts = { ...STYLES[i % STYLES.length]!, interchangeControlNumber: i + 1 };
      const text = write835(txs, opts);
      const r = parse835Text(text);
      expect(r.warnings).toEqual([]);
      expect(r.transactions).toEqual(txs.map((tx) => expectedFromWriter(tx, opts)));
      for (const t of r.transactions) expect(t.balance).toEqual({ ok: true, problems: [] });
    }
  });

  it('streams several interchanges from one writer with correct control numbers', () => {
    const rng = mulberry32(7);
    const w = new Era835Writer({ lineBreak: '\n', interchangeControlNumber: 41, groupControlNumber: 9 });
    let text = '';
    for (let i = 0; i < 3; i++) {
      text +=
        w.interchangeHeader() +
        w.groupHeader() +
        w.transaction(randomTransaction(rng, `00${i}1`)) +
        w.transaction(randomTransaction(rng, `00${i}2`)) +
        w.groupTrailer() +
        w.interchangeTrailer();
    }
    const r = parse835Text(text);
    expect(r.warnings).toEqual([]);
    expect(r.transactions.map((t) => t.controlNumber)).toEqual(['0001', '0002', '0011', '0012', '0021', '0022']);
    expect(text).toContain('*000000043*0*P*:');
    expect(text).toContain('GE*2*11');
  });

  it('writes the signal-bearing segments (NM1*82, AMT, SVC06/07, LQ*RX) and reads them back', () => {
    const rng = mulberry32(3);
    let tx = randomTransaction(rng, '0001', 1);
    while (tx.claims[0]!.serviceLines.length === 0) tx = randomTransaction(rng, '0001', 1);
    const c = tx.claims[0]!;
    c.renderingProvider = { idQualifier: 'XX', id: '2222222222' };
    c.amounts = { I: 4.5, AU: 100 };
    const l = c.serviceLines[0]!;
    l.originalProcedure = { qualifier: 'HC', code: '99215', modifiers: ['25'] };
    l.originalUnits = 2;
    l.pharmacyRejectCodes = ['75', '79'];
    const r = parse835Text(write835([tx]));
    expect(r.warnings).toEqual([]);
    expect(r.transactions).toEqual([expectedFromWriter(tx)]);
  });

  it('refuses values that contain a delimiter', () => {
    const tx = randomTransaction(mulberry32(1), '0001');
    tx.payer.name = 'A*B';
    expect(() => write835([tx])).toThrow(/delimiter/);
  });

  it('writes patient NM1 but the parser does not output it', () => {
    const tx = randomTransaction(mulberry32(3), '0001', 1);
    tx.claims[0]!.patient = { lastName: 'ZEBRA', firstName: 'QUINN', memberId: 'MEMBER42' };
    const text = write835([tx]);
    expect(text).toContain('NM1*QC*1*ZEBRA*QUINN****MI*MEMBER42~');
    expect(JSON.stringify(parse835Text(text))).not.toMatch(/ZEBRA|QUINN|MEMBER42/);
  });
});
