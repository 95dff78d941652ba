// Seeded data of the State Medicaid-like legacy portal: provider accounts,
// claims (by ICN) and the weekly remittance advice (RA) cycles they were paid
// or denied on. Amounts are integer cents and balance like an 835 at the
// service-line level: line charge = line paid + sum(line adjustments).
// The 835 files themselves are written from this data in
// mock-portals/medicaid/remits.ts.
import type { ClaimStatusOutput } from '../../bots/index.ts';
import type { PortalAccount } from '../shared/accounts.ts';
import { securityAnswersOf } from '../shared/security-questions.ts';
import { STATUS_CATEGORIES } from '../shared/codes.ts';
import { addDays, isoToDay, toDollars } from '../shared/helpers.ts';
import { fakeMemberId, fakePerson, fakeProviders, type FakePerson, type FakeProvider } from '../shared/people.ts';
import { Rng } from '../shared/prng.ts';

export const MEDICAID_PAYER = {
  id: 'medicaid',
  name: 'STATE MEDICAL ASSISTANCE PROGRAM',
  payerId835: '77001',
} as const;
export const MEDICAID_CLAIM_COUNT = 150;
/** Last RA cycle date (a Friday); RA cycles run weekly before it. */
const LAST_CYCLE = '2026-01-30';
const CYCLES = 30;

export type MedicaidScenario =
  | 'paid'
  | 'copay'
  | 'partial'
  | 'tpl'
  | 'denied'
  | 'reversed'
  | 'corrected'
  | 'pending'
  | 'rejected';
export type GroupCode = 'CO' | 'PR' | 'OA' | 'PI' | 'CR';

export interface AdjCents {
  group: GroupCode;
  carc: string;
  amountCents: number;
}

export interface MedicaidLine {
  code: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  paidCents: number;
  allowedCents: number;
  adjustments: AdjCents[];
  remarkCodes: string[];
  lineControl: string;
}

export interface MedicaidClaim {
  icn: string;
  patientControlNumber: string;
  memberId: string;
  patient: FakePerson;
  provider: FakeProvider;
  serviceDate: string;
  receivedDate: string;
  scenario: MedicaidScenario;
  statusCategory: string;
  statusCode: string;
  statusText: string;
  /** CLP02 on the RA that adjudicated it (null when never on an RA). */
  clp02: '1' | '2' | '4' | null;
  billedCents: number;
  lines: MedicaidLine[];
  /** Claim-level remark codes (MOA). */
  remarkCodes: string[];
  /** RA cycle index the claim was adjudicated on. */
  cycle: number | null;
  /** For 'reversed': the cycle whose RA carries the reversal (CLP02 22). */
  reversalCycle: number | null;
  /** For 'corrected': the ICN it replaces; for 'reversed': the ICN replacing it. */
  relatedIcn: string | null;
}

export interface RaCycle {
  index: number;
  paymentDate: string;
  method: 'ACH' | 'CHK' | 'NON';
  traceNumber: string;
  /** L6 interest (negative: adds to the payment), WO recoupments (positive: withheld), FB forward balances. */
  providerAdjustments: { reason: 'L6' | 'WO' | 'FB'; reference: string; amountCents: number }[];
}

export interface MedicaidData {
  seed: number;
  billingProvider: { name: string; npi: string; taxId: string };
  claims: MedicaidClaim[];
  cycles: RaCycle[];
}

const SCENARIOS: readonly (readonly [MedicaidScenario, number])[] = [
  ['paid', 34],
  ['copay', 10],
  ['partial', 8],
  ['tpl', 5],
  ['denied', 22],
  ['reversed', 5],
  ['pending', 10],
  ['rejected', 6],
];
const PROCEDURES = [
  '99213',
  '99214',
  '99392',
  '99283',
  '90460',
  '96110',
  '90837',
  'T1015',
  'H0031',
  '97110',
  '81002',
  '36415',
];
const MODIFIERS = ['25', '59', 'EP', 'U1', 'HA'];
/** Whole-claim denials: CARC and the remark codes that come with them. */
const DENIALS: readonly (readonly [string, string[]])[] = [
  ['16', ['N290']],
  ['18', ['M86']],
  ['27', ['N30']],
  ['29', []],
  ['197', ['M62']],
  ['50', ['N386']],
  ['22', ['MA04']],
  ['96', ['N216']],
  ['B7', ['N570']],
  ['204', ['N30']],
];

/** Codes this portal shows that the shared code list does not carry. */
export const MEDICAID_CODE_TEXT: Readonly<Record<string, string>> = {
  '96': 'Non-covered charge(s).',
  '129': 'Prior processing information appears incorrect.',
  '204': "This service/equipment/drug is not covered under the patient's current benefit plan.",
  B7: 'This provider was not certified/eligible to be paid for this procedure/service on this date of service.',
  N216: 'We do not offer coverage for this type of service or the patient is not enrolled in this portion of our benefit package.',
  N570: 'Missing/incomplete/invalid credentialing data.',
  MA67: 'Correction to a prior claim.',
};

/** Provider-id + password accounts (no MFA on this portal): [demo, second]. */
export function medicaidAccounts(seed: number): PortalAccount[] {
  return [0, 1].map((i) => {
    const rng = new Rng(seed, `medicaid:account:${i}`);
    const providerId = `${rng.pick(['1', '2', '3'])}${rng.digits(8)}`;
    const password = `${rng.pick(['Pine', 'Harbor', 'Basin', 'Quarry'])}${rng.digits(4)}${rng.pick(['#', '!', '$'])}${rng.pick(['Delta', 'Ridge', 'Forge'])}`;
    return {
      id: `medicaid-${providerId}`,
      username: providerId,
      password,
      totpSecret: '',
      displayName: i === 0 ? 'BILLING OFFICE' : 'FRONT DESK',
      securityAnswers: securityAnswersOf(seed, `medicaid-${providerId}`),
    };
  });
}

function memoized<T>(fn: (seed: number) => T): (seed: number) => T {
  const cache = new Map<number, T>();
  return (seed) => {
    let v = cache.get(seed);
    if (v === undefined) cache.set(seed, (v = fn(seed)));
    return v;
  };
}

function line(rng: Rng, lineControl: string): MedicaidLine {
  const chargeCents = rng.int(45, 650) * 100 + rng.pick([0, 0, 50, 25, 99]);
  const mods = rng.bool(0.25) ? [rng.pick(MODIFIERS)] : [];
  return {
    code: rng.pick(PROCEDURES),
    modifiers: mods,
    units: rng.weighted([
      [1, 8],
      [2, 2],
      [3, 1],
    ]),
    chargeCents,
    paidCents: 0,
    allowedCents: 0,
    adjustments: [],
    remarkCodes: [],
    lineControl,
  };
}

/** Medicaid fee schedule pricing of one line: CO-45 down to the allowed amount. */
function price(rng: Rng, l: MedicaidLine): void {
  l.allowedCents = Math.max(1_500, Math.round((l.chargeCents * rng.int(30, 70)) / 100));
  if (l.allowedCents > l.chargeCents) l.allowedCents = l.chargeCents;
  if (l.chargeCents > l.allowedCents)
    l.adjustments.push({ group: 'CO', carc: '45', amountCents: l.chargeCents - l.allowedCents });
  l.paidCents = l.allowedCents;
}

function deny(l: MedicaidLine, carc: string, remarks: string[]): void {
  l.allowedCents = 0;
  l.paidCents = 0;
  l.adjustments = [{ group: 'CO', carc, amountCents: l.chargeCents }];
  l.remarkCodes = [...remarks];
}

const fridayOnOrAfter = (iso: string): string => addDays(iso, (5 - new Date(`${iso}T00:00:00Z`).getUTCDay() + 7) % 7);

/** All seeded data of the Medicaid-like portal. Pure; cached per seed. */
export const medicaidData = memoized((seed: number): MedicaidData => {
  const rng = new Rng(seed, 'medicaid:claims');
  const [group] = fakeProviders(rng, 1) as [FakeProvider];
  const renderers = fakeProviders(rng, 4);
  const billingProvider = {
    name: group.name.toUpperCase(),
    npi: group.npi,
    taxId: `${rng.pick(['26', '45', '81'])}${rng.digits(7)}`,
  };
  const cycles: RaCycle[] = [];
  for (let i = 0; i < CYCLES; i++) {
    const method = rng.bool(0.7) ? 'ACH' : 'CHK';
    cycles.push({
      index: i,
      paymentDate: addDays(LAST_CYCLE, -7 * (CYCLES - 1 - i)),
      method,
      traceNumber: method === 'ACH' ? `7${rng.digits(9)}` : rng.digits(8),
      providerAdjustments: [],
    });
  }
  const members = Array.from({ length: 70 }, () => ({
    memberId: fakeMemberId(rng, 'medicaid'),
    patient: fakePerson(rng),
  }));

  const claims: MedicaidClaim[] = [];
  const icns = new Set<string>();
  const newIcn = (received: string): string => {
    for (;;) {
      const julian = String(isoToDay(received) - isoToDay(`${received.slice(0, 4)}-01-01`) + 1).padStart(3, '0');
      const icn = `${rng.pick(['10', '11', '20', '22'])}${received.slice(2, 4)}${julian}${rng.digits(6)}`;
      if (!icns.has(icn)) {
        icns.add(icn);
        return icn;
      }
    }
  };
  const cycleFor = (received: string, maxWeeks: number): number | null => {
    const first = cycles.findIndex((c) => c.paymentDate >= fridayOnOrAfter(addDays(received, 10)));
    if (first < 0) return null;
    return Math.min(CYCLES - 1, first + rng.int(0, maxWeeks));
  };

  while (claims.length < MEDICAID_CLAIM_COUNT) {
    let scenario = rng.weighted(SCENARIOS);
    const member = rng.pick(members);
    const open = scenario === 'pending' || scenario === 'rejected';
    const serviceDate = addDays(LAST_CYCLE, open ? -rng.int(3, 40) : -rng.int(30, 200));
    const receivedDate = addDays(serviceDate, rng.int(2, 20));
    let cycle = open ? null : cycleFor(receivedDate, 4);
    let reversalCycle: number | null = null;
    if (!open && cycle === null) scenario = 'pending';
    if (scenario === 'reversed') {
      reversalCycle = cycle === null ? null : cycle + rng.int(2, 6);
      if (reversalCycle === null || reversalCycle >= CYCLES) {
        scenario = 'paid';
        reversalCycle = null;
      }
    }
    if (scenario === 'pending') cycle = null;
    const pcn = `${rng.pick(['RB', 'PT', 'AC'])}${rng.digits(7)}`;
    const icn = newIcn(receivedDate);
    const n = scenario === 'partial' ? rng.int(2, 3) : rng.int(1, 3);
    const lines = Array.from({ length: n }, (_, i) => line(rng, `${pcn}-${i + 1}`));
    const base = {
      icn,
      patientControlNumber: pcn,
      memberId: member.memberId,
      patient: member.patient,
      provider: rng.pick(renderers),
      serviceDate,
      receivedDate,
      lines,
      cycle,
      reversalCycle,
      relatedIcn: null as string | null,
    };
    const billedCents = lines.reduce((s, l) => s + l.chargeCents, 0);
    const claim: MedicaidClaim = {
      ...base,
      scenario,
      statusCategory: 'F1',
      statusCode: '65',
      statusText: '',
      clp02: '1',
      billedCents,
      remarkCodes: [],
    };
    adjudicate(rng, claim);
    claim.statusText = STATUS_CATEGORIES[claim.statusCategory] as string;
    claims.push(claim);
    if (scenario === 'reversed' && claims.length < MEDICAID_CLAIM_COUNT) {
      // The replacement claim: same service, new ICN, adjudicated on the reversal's RA.
      const corrected: MedicaidClaim = {
        ...base,
        icn: newIcn(addDays(receivedDate, 7 * ((reversalCycle as number) - (cycle as number)) - 7)),
        scenario: 'corrected',
        lines: lines.map((l) => ({ ...l, adjustments: [], remarkCodes: [] })),
        cycle: reversalCycle,
        reversalCycle: null,
        relatedIcn: icn,
        statusCategory: 'F1',
        statusCode: '65',
        statusText: STATUS_CATEGORIES.F1 as string,
        clp02: '1',
        billedCents,
        remarkCodes: [],
      };
      for (const l of corrected.lines) price(rng, l);
      claim.relatedIcn = corrected.icn;
      claims.push(corrected);
    }
  }

  // Provider-level adjustments: interest on late-paid claims, recoupments of earlier overpayments.
  for (const c of cycles) {
    const paidHere = claims.filter((x) => x.cycle === c.index && paidCents(x) > 0);
    const total = paidHere.reduce((s, x) => s + paidCents(x), 0);
    if (paidHere.length > 0 && rng.bool(0.3))
      c.providerAdjustments.push({ reason: 'L6', reference: rng.pick(paidHere).icn, amountCents: -rng.int(12, 900) });
    const earlier = claims.filter((x) => x.cycle !== null && x.cycle < c.index && paidCents(x) > 0);
    if (earlier.length > 0 && total > 5_000 && rng.bool(0.25)) {
      c.providerAdjustments.push({
        reason: 'WO',
        reference: rng.pick(earlier).icn,
        amountCents: rng.int(1_000, Math.floor(total * 0.6)),
      });
    }
  }
  // A reversal can take back more than a cycle pays: the deficit is carried
  // to the next RA as a forward balance (FB), as payers do, never a negative payment.
  let carry = 0;
  for (const c of cycles) {
    if (!claims.some((x) => x.cycle === c.index || x.reversalCycle === c.index)) continue;
    const ref = `FB${c.paymentDate.replaceAll('-', '')}`;
    if (carry > 0) c.providerAdjustments.push({ reason: 'FB', reference: ref, amountCents: carry });
    const pay = raPaymentCents(claims, c);
    carry = pay < 0 ? -pay : 0;
    if (pay < 0) c.providerAdjustments.push({ reason: 'FB', reference: ref, amountCents: pay });
    if (pay <= 0) c.method = 'NON';
  }
  return { seed, billingProvider, claims, cycles };
});

function adjudicate(rng: Rng, c: MedicaidClaim): void {
  switch (c.scenario) {
    case 'pending': {
      c.statusCategory = rng.weighted([
        ['P1', 5],
        ['P2', 3],
        ['P3', 2],
      ]);
      c.statusCode = c.statusCategory === 'P3' ? '15' : '20';
      c.clp02 = null;
      return;
    }
    case 'rejected': {
      c.statusCategory = rng.pick(['A3', 'A7']);
      c.statusCode = c.statusCategory === 'A3' ? '21' : '29';
      c.remarkCodes = c.statusCategory === 'A3' ? ['MA130'] : [];
      c.clp02 = null;
      return;
    }
    case 'denied': {
      const [carc, remarks] = rng.pick(DENIALS);
      for (const l of c.lines) deny(l, carc, []);
      c.remarkCodes = [...remarks];
      c.statusCategory = 'F2';
      c.statusCode = '1';
      c.clp02 = '4';
      return;
    }
    default:
      break;
  }
  for (const l of c.lines) price(rng, l);
  if (c.scenario === 'copay') {
    const first = c.lines[0] as MedicaidLine;
    const copay = Math.min(rng.pick([100, 200, 300, 400]), first.paidCents);
    first.adjustments.push({ group: 'PR', carc: '3', amountCents: copay });
    first.paidCents -= copay;
  }
  if (c.scenario === 'partial') {
    const l = c.lines[c.lines.length - 1] as MedicaidLine;
    if (rng.bool(0.5)) deny(l, '97', ['M15']);
    else deny(l, '16', ['N290']);
  }
  if (c.scenario === 'tpl') {
    // Medicaid pays last: the other payer's payment is taken off (OA-23).
    for (const l of c.lines) {
      const prior = Math.round((l.paidCents * rng.int(30, 80)) / 100);
      l.adjustments.push({ group: 'OA', carc: '23', amountCents: prior });
      l.paidCents -= prior;
    }
    c.clp02 = '2';
  }
  if (c.scenario === 'reversed') {
    c.statusCategory = 'F3';
    c.statusCode = '1';
    c.remarkCodes = ['MA67'];
  }
}

export const paidCents = (c: MedicaidClaim): number => c.lines.reduce((s, l) => s + l.paidCents, 0);
export const patientRespCents = (c: MedicaidClaim): number =>
  c.lines.reduce((s, l) => s + l.adjustments.filter((a) => a.group === 'PR').reduce((t, a) => t + a.amountCents, 0), 0);

/** BPR02 of a cycle's RA: paid minus reversed, minus PLB (positive PLB is withheld). */
export function raPaymentCents(claims: MedicaidClaim[], c: RaCycle): number {
  let total = 0;
  for (const x of claims) {
    if (x.cycle === c.index) total += paidCents(x);
    if (x.reversalCycle === c.index) total -= paidCents(x);
  }
  return total - c.providerAdjustments.reduce((s, a) => s + a.amountCents, 0);
}

/** Adjustments summed by group + CARC across lines, in first-seen order (what the portal lists). */
export function claimAdjustments(c: MedicaidClaim): AdjCents[] {
  const out: AdjCents[] = [];
  for (const a of c.lines.flatMap((l) => l.adjustments)) {
    const hit = out.find((o) => o.group === a.group && o.carc === a.carc);
    if (hit) hit.amountCents += a.amountCents;
    else out.push({ ...a });
  }
  return out;
}

export function claimRemarks(c: MedicaidClaim): string[] {
  return [...new Set([...c.remarkCodes, ...c.lines.flatMap((l) => l.remarkCodes)])];
}

/** What the portal's claim inquiry shows, in cents; a reversed claim nets to zero paid. */
export interface MedicaidClaimView {
  allowedCents: number | null;
  paidCents: number;
  patientRespCents: number;
  adjustments: AdjCents[];
  remarkCodes: string[];
  cycle: RaCycle | null;
  /** Each service line's payment and status, as the detail page lists them. */
  lines: MedicaidLineView[];
}

/** A line's status as the portal prints it. */
export type MedicaidLineStatus = 'PAID' | 'DENIED' | 'SUSPENDED' | 'REJECTED' | 'REVERSED';
export interface MedicaidLineView {
  paidCents: number;
  status: MedicaidLineStatus;
}

/** Lines of a claim that was not adjudicated (or was taken back) pay nothing and share its state. */
function lineViews(c: MedicaidClaim): MedicaidLineView[] {
  const whole: MedicaidLineStatus | null =
    c.scenario === 'pending'
      ? 'SUSPENDED'
      : c.scenario === 'rejected'
        ? 'REJECTED'
        : c.scenario === 'reversed'
          ? 'REVERSED'
          : null;
  return c.lines.map((l) =>
    whole ? { paidCents: 0, status: whole } : { paidCents: l.paidCents, status: l.paidCents > 0 ? 'PAID' : 'DENIED' },
  );
}

export function claimView(data: MedicaidData, c: MedicaidClaim): MedicaidClaimView {
  const cycleIdx = c.scenario === 'reversed' ? c.reversalCycle : c.cycle;
  const cycle = cycleIdx === null ? null : (data.cycles[cycleIdx] as RaCycle);
  if (c.scenario === 'pending' || c.scenario === 'rejected')
    return {
      allowedCents: null,
      paidCents: 0,
      patientRespCents: 0,
      adjustments: [],
      remarkCodes: [...c.remarkCodes],
      cycle: null,
      lines: lineViews(c),
    };
  if (c.scenario === 'reversed') {
    return {
      allowedCents: null,
      paidCents: 0,
      patientRespCents: 0,
      adjustments: [{ group: 'CR', carc: '129', amountCents: c.billedCents }],
      remarkCodes: [...c.remarkCodes],
      cycle,
      lines: lineViews(c),
    };
  }
  return {
    allowedCents: c.lines.reduce((s, l) => s + l.allowedCents, 0),
    paidCents: paidCents(c),
    patientRespCents: patientRespCents(c),
    adjustments: claimAdjustments(c),
    remarkCodes: claimRemarks(c),
    cycle,
    lines: lineViews(c),
  };
}

/** What a correct claim-status bot returns for an ICN (ClaimStatusOutput). */
export function expectedMedicaidClaimStatus(data: MedicaidData, c: MedicaidClaim): ClaimStatusOutput {
  const v = claimView(data, c);
  return {
    claimNumber: c.icn,
    payer: MEDICAID_PAYER.id,
    statusCategory: c.statusCategory,
    statusCode: c.statusCode,
    statusText: c.statusText,
    serviceDate: c.serviceDate,
    billedAmount: toDollars(c.billedCents),
    allowedAmount: v.allowedCents === null ? null : toDollars(v.allowedCents),
    paidAmount: toDollars(v.paidCents),
    patientResponsibility: toDollars(v.patientRespCents),
    checkNumber: v.cycle ? v.cycle.traceNumber : null,
    paymentDate: v.cycle ? v.cycle.paymentDate : null,
    adjustments: v.adjustments.map((a) => ({ group: a.group, carc: a.carc, amount: toDollars(a.amountCents) })),
    remarkCodes: v.remarkCodes,
    serviceLines: c.lines.map((l, i) => ({
      line: i + 1,
      procedureCode: l.code,
      billedAmount: toDollars(l.chargeCents),
      paidAmount: toDollars((v.lines[i] as MedicaidLineView).paidCents),
      status: (v.lines[i] as MedicaidLineView).status,
    })),
  };
}
