import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  TABLE_FILES,
  describeCarc,
  describeClaimStatus,
  describeGroup,
  describePlbReason,
  describeRarc,
  describeStatusCategory,
  loadTable,
  parseCodeTable,
  useTable,
  type TableName,
} from '../../../x12/codes/index.ts';

const raw = (f: string) => JSON.parse(readFileSync(new URL(`../../../x12/codes/data/${f}`, import.meta.url), 'utf8'));

describe('code table data files', () => {
  it('every data file validates', () => {
    for (const [name, file] of Object.entries(TABLE_FILES)) {
      const t = parseCodeTable(raw(file), file);
      expect(t.codes.length, name).toBeGreaterThan(0);
      expect(loadTable(name as TableName).version).toMatch(/\S/);
    }
  });

  it('carries the codes billing teams meet most', () => {
    const carc = new Set(loadTable('carc').codes.map((c) => c.code));
    const want = [
      '1',
      '2',
      '3',
      ...Array.from({ length: 13 }, (_, i) => String(i + 4)),
      '18',
      '19',
      '20',
      '21',
      '22',
      '23',
      '24',
      '26',
      '27',
      '29',
      '31',
      '39',
      '40',
      '45',
      '49',
      ...Array.from({ length: 10 }, (_, i) => String(50 + i)).filter((c) => c !== '52' && c !== '57'),
      '96',
      '97',
      '109',
      '119',
      '128',
      '129',
      '146',
      '151',
      '167',
      '170',
      '177',
      '181',
      '182',
      '185',
      '189',
      '190',
      '197',
      '198',
      '199',
      '200',
      '201',
      '202',
      '203',
      '204',
      '226',
      '227',
      '234',
      '236',
      '242',
      '251',
      '252',
      '253',
      '256',
      'A1',
      'B7',
      'B9',
      'B15',
      'B16',
      'P1',
      'P14',
    ];
    for (const c of want) expect(carc.has(c), `CARC ${c}`).toBe(true);
    expect(carc.size).toBeGreaterThanOrEqual(120);
    const rarc = new Set(loadTable('rarc').codes.map((c) => c.code));
    for (const c of [
      'M15',
      'M20',
      'M51',
      'M76',
      'M77',
      'M79',
      'M80',
      'M86',
      'MA04',
      'MA13',
      'MA18',
      'MA130',
      'N4',
      'N20',
      'N30',
      'N115',
      'N130',
      'N290',
      'N362',
      'N381',
      'N386',
      'N432',
      'N522',
      'N657',
    ]) {
      expect(rarc.has(c), `RARC ${c}`).toBe(true);
    }
    expect(rarc.size).toBeGreaterThanOrEqual(80);
    const stc = new Set(loadTable('statusCategory').codes.map((c) => c.code));
    for (const c of ['A0', 'A8', 'P0', 'P5', 'F0', 'F4', 'R0', 'R16', 'E0', 'E4', 'D0'])
      expect(stc.has(c), c).toBe(true);
    const clp = loadTable('claimStatus').codes.map((c) => c.code);
    expect(clp).toEqual(['1', '2', '3', '4', '19', '20', '21', '22', '23', '25']);
    const plb = new Set(loadTable('plbReason').codes.map((c) => c.code));
    for (const c of ['WO', 'L6', 'FB', '72', 'CS', 'J1', 'AP', 'IR']) expect(plb.has(c), c).toBe(true);
  });

  it('rejects a bad edit with the file name and the problem', () => {
    const t = raw('carc.json');
    t.codes.push({ ...t.codes[0] });
    expect(() => parseCodeTable(t, 'carc.json')).toThrow(/carc.json: .*duplicate code 1/);
    expect(() => parseCodeTable({ ...raw('rarc.json'), version: '' }, 'rarc.json')).toThrow(/rarc.json: version/);
  });
});

describe('describe*', () => {
  it('describes known codes', () => {
    expect(describeCarc('45')).toMatchObject({ code: '45', known: true, active: true, table: 'CARC' });
    expect(describeCarc('45').description).toMatch(/fee schedule/i);
    expect(describeCarc(' b15 ').code).toBe('B15');
    expect(describeRarc('N130').description).toMatch(/benefit/i);
    expect(describeGroup('PR')).toMatchObject({ known: true, liability: 'patient' });
    expect(describeGroup('CO').liability).toBe('provider');
    expect(describeStatusCategory('F2')).toMatchObject({ known: true, category: 'finalized' });
    expect(describeStatusCategory('F2').categoryMeaning).toMatch(/denied/);
    expect(describeClaimStatus('22').description).toMatch(/Reversal/);
    expect(describePlbReason('WO').description).toMatch(/Overpayment recovery/);
  });

  it('never throws for unknown or odd input', () => {
    for (const v of ['99999', '', null, undefined, 42, 'ZZ9']) {
      const d = describeCarc(v);
      expect(d.known).toBe(false);
      expect(d.description).toMatch(/^Unknown CARC code/);
    }
    expect(describeRarc('N99999').description).toBe('Unknown RARC code "N99999"');
    expect(describeStatusCategory('Q1').known).toBe(false);
    expect(describeGroup('XX').known).toBe(false);
  });

  it('honours start/stop dates when asked about a date', () => {
    const t = loadTable('carc');
    try {
      useTable('carc', {
        ...t,
        codes: [...t.codes, { code: '999', description: 'Test code.', start: '2024-04-01', stop: '2024-12-31' }],
      });
      expect(describeCarc('999', '2024-06-01').active).toBe(true);
      expect(describeCarc('999', '2025-01-01')).toMatchObject({ known: true, active: false });
      expect(describeCarc('999', new Date('2024-01-01')).description).toMatch(/not in effect on 2024-01-01/);
      expect(describeCarc('999').active).toBe(true);
    } finally {
      useTable('carc', t);
    }
  });
});
