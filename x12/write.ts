// X12 835 writer for the mock portals: turns a remittance (the parser's
// contract shape, plus the patient identity NM1 needs) into a valid 005010X221A1
// file, so mock portals can serve ERAs generated from their seed and tests can
// check parse(write(x)) == x. Control numbers and SE/GE/IEA counts are
// computed, delimiters are configurable.
import { formatCents, numberToCents } from './money.ts';
import type { Adjustment, Claim, ProviderAdjustment, ServiceLine, Transaction } from './types.ts';

export interface WritablePatient {
  lastName: string;
  firstName?: string;
  memberId?: string;
}

export interface Address {
  line: string;
  city: string;
  state: string;
  zip: string;
}

export type WritableClaim = Claim & { patient?: WritablePatient };

/** Parser output shape; `balance` is recomputed by the parser so it is optional here. */
export type WritableTransaction = Omit<Transaction, 'claims' | 'balance' | 'envelope' | 'payment'> & {
  claims: WritableClaim[];
  /** BPR03 and BPR01 default to C and I (H for a zero payment); a debit is written with a negative amount. */
  payment: Omit<Transaction['payment'], 'creditDebit' | 'handlingCode'> &
    Partial<Pick<Transaction['payment'], 'creditDebit' | 'handlingCode'>>;
  balance?: Transaction['balance'];
  /** The parser reports the envelope it read; the writer makes its own from Write835Options. */
  envelope?: Transaction['envelope'];
  payerAddress?: Address;
  payeeAddress?: Address;
};

export interface Write835Options {
  element?: string;
  component?: string;
  repetition?: string;
  segment?: string;
  /** Written after every terminator, e.g. "\n" or "\r\n" (default none). */
  lineBreak?: string;
  senderId?: string;
  receiverId?: string;
  /** ISA13; incremented per interchange by Era835Writer. */
  interchangeControlNumber?: number;
  groupControlNumber?: number;
  /** Envelope timestamp (ISA09/10, GS04/05); fixed default keeps output reproducible. */
  date?: Date;
}

const DEFAULT_ADDRESS: Address = { line: 'PO BOX 1000', city: 'HARTFORD', state: 'CT', zip: '06101' };

/** Stateful writer: envelope pieces can be streamed to a file (see era/bench.ts). */
export class Era835Writer {
  readonly e: string;
  readonly c: string;
  readonly r: string;
  readonly t: string;
  private isaControl: number;
  private gsControl: number;
  private groupCount = 0;
  private stCount = 0;
  private stSeq = 0;
  private readonly date: Date;

  constructor(private readonly opts: Write835Options = {}) {
    this.e = opts.element ?? '*';
    this.c = opts.component ?? ':';
    this.r = opts.repetition ?? '^';
    this.t = (opts.segment ?? '~') + (opts.lineBreak ?? '');
    const all = [this.e, this.c, this.r, opts.segment ?? '~'];
    if (all.some((d) => d.length !== 1) || new Set(all).size !== 4 || all.some((d) => /[A-Za-z0-9]/.test(d))) {
      throw new Error('835 writer: delimiters must be four distinct single non-alphanumeric characters');
    }
    this.isaControl = opts.interchangeControlNumber ?? 1;
    this.gsControl = opts.groupControlNumber ?? 1;
    this.date = opts.date ?? new Date(Date.UTC(2024, 0, 15, 12, 0));
  }

  /** Join elements, dropping trailing empty ones (X12 forbids trailing separators). */
  seg(...els: (string | number | null | undefined)[]): string {
    let n = els.length;
    while (n > 1 && (els[n - 1] === null || els[n - 1] === undefined || els[n - 1] === '')) n--;
    let out = '';
    for (let i = 0; i < n; i++) {
      const v = els[i];
      const s = v === null || v === undefined ? '' : String(v);
      if (i > 0) {
        this.check(s);
        out += this.e;
      }
      out += s;
    }
    return out + this.t;
  }

  /** Component composite: the parts were already checked for delimiters. */
  private comp(parts: (string | null | undefined)[]): string {
    let n = parts.length;
    while (n > 1 && !parts[n - 1]) n--;
    return parts
      .slice(0, n)
      .map((p) => {
        this.check(p ?? '');
        return p ?? '';
      })
      .join(this.c);
  }

  private check(s: string): void {
    if (s.includes(this.e) || s.includes(this.t[0]!) || s.includes(this.r)) {
      throw new Error(`835 writer: value "${s}" contains a delimiter`);
    }
  }

  interchangeHeader(): string {
    const d = this.date;
    const yymmdd = d.toISOString().slice(2, 10).replaceAll('-', '');
    const hhmm = d.toISOString().slice(11, 16).replace(':', '');
    this.groupCount = 0;
    // ISA is fixed-width: pad every element, and write it without seg()'s checks.
    const isa = [
      'ISA',
      '00',
      ' '.repeat(10),
      '00',
      ' '.repeat(10),
      'ZZ',
      pad(this.opts.senderId ?? 'MOCKPAYER', 15),
      'ZZ',
      pad(this.opts.receiverId ?? 'MOCKPROVIDER', 15),
      yymmdd,
      hhmm,
      this.r,
      '00501',
      String(this.isaControl).padStart(9, '0'),
      '0',
      'P',
      this.c,
    ];
    return isa.join(this.e) + this.t;
  }

  groupHeader(): string {
    const iso = this.date.toISOString();
    this.groupCount++;
    this.stCount = 0;
    return this.seg(
      'GS',
      'HP',
      this.opts.senderId ?? 'MOCKPAYER',
      this.opts.receiverId ?? 'MOCKPROVIDER',
      iso.slice(0, 10).replaceAll('-', ''),
      iso.slice(11, 16).replace(':', ''),
      this.gsControl,
      'X',
      '005010X221A1',
    );
  }

  groupTrailer(): string {
    return this.seg('GE', this.stCount, this.gsControl++);
  }

  interchangeTrailer(): string {
    return this.seg('IEA', this.groupCount, String(this.isaControl++).padStart(9, '0'));
  }

  /** One ST..SE transaction set. */
  transaction(tx: WritableTransaction): string {
    this.stCount++;
    const control = tx.controlNumber || String(++this.stSeq).padStart(4, '0');
    const segs: string[] = [];
    const s = (...els: (string | number | null | undefined)[]) => segs.push(this.seg(...els));
    s('ST', '835', control, '005010X221A1');
    const flag = bprFlags(tx);
    const amt = money(Math.abs(tx.payment.amount));
    const date = d8(tx.payment.date);
    if (tx.payment.method === 'ACH') {
      s(
        'BPR',
        flag.handlingCode,
        amt,
        flag.creditDebit,
        'ACH',
        'CCP',
        '01',
        '999999992',
        'DA',
        '123456',
        '1512345678',
        '',
        '01',
        '999988880',
        'DA',
        '98765',
        date,
      );
    } else {
      s(
        'BPR',
        flag.handlingCode,
        amt,
        flag.creditDebit,
        tx.payment.method,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        date,
      );
    }
    if (tx.payment.traceNumber !== null) s('TRN', '1', tx.payment.traceNumber, tx.payer.id ?? '1999999999');
    if (date) s('DTM', '405', date);
    const pa = tx.payerAddress ?? DEFAULT_ADDRESS;
    s('N1', 'PR', tx.payer.name);
    s('N3', pa.line);
    s('N4', pa.city, pa.state, pa.zip);
    if (tx.payer.id !== null) s('REF', '2U', tx.payer.id);
    const pe = tx.payeeAddress ?? DEFAULT_ADDRESS;
    if (tx.payee.npi !== null) s('N1', 'PE', tx.payee.name, 'XX', tx.payee.npi);
    else s('N1', 'PE', tx.payee.name, tx.payee.taxId === null ? '' : 'FI', tx.payee.taxId);
    s('N3', pe.line);
    s('N4', pe.city, pe.state, pe.zip);
    if (tx.payee.npi !== null && tx.payee.taxId !== null) s('REF', 'TJ', tx.payee.taxId);
    if (tx.claims.length > 0) s('LX', '1');
    for (const claim of tx.claims) this.claim(claim, s);
    this.plb(tx.providerAdjustments, tx.payee.npi ?? tx.payee.taxId ?? '0000000000', tx.payment.date, s);
    s('SE', segs.length + 1, control);
    return segs.join('');
  }

  private claim(claim: WritableClaim, s: (...els: (string | number | null | undefined)[]) => void): void {
    s(
      'CLP',
      claim.patientControlNumber,
      claim.statusCode,
      money(claim.chargeAmount),
      money(claim.paidAmount),
      money(claim.patientResponsibility),
      claim.claimFilingIndicator,
      claim.payerClaimControlNumber,
      '11',
      '1',
    );
    this.cas(claim.adjustments, s);
    const p = claim.patient ?? { lastName: 'PATIENT' };
    s('NM1', 'QC', '1', p.lastName, p.firstName, '', '', '', p.memberId ? 'MI' : '', p.memberId);
    // The rendering provider's name is never written: the parser leaves people's names out.
    const r = claim.renderingProvider;
    if (r) s('NM1', '82', '1', '', '', '', '', '', r.idQualifier, r.id);
    if (claim.remarkCodes.length > 5) throw new Error('835 writer: MOA holds at most 5 claim remark codes');
    if (claim.remarkCodes.length > 0) s('MOA', '', '', ...claim.remarkCodes);
    for (const [q, amount] of Object.entries(claim.amounts ?? {})) s('AMT', q, money(amount));
    for (const line of claim.serviceLines) this.service(line, s);
  }

  private service(line: ServiceLine, s: (...els: (string | number | null | undefined)[]) => void): void {
    if (line.procedure.modifiers.length > 4) throw new Error('835 writer: SVC01 holds at most 4 modifiers');
    s(
      'SVC',
      this.comp([line.procedure.qualifier, line.procedure.code, ...line.procedure.modifiers]),
      money(line.chargeAmount),
      money(line.paidAmount),
      '',
      String(line.units),
      // SVC06/07: the procedure and units as submitted, when the payer adjudicated others.
      line.originalProcedure
        ? this.comp([
            line.originalProcedure.qualifier,
            line.originalProcedure.code,
            ...line.originalProcedure.modifiers,
          ])
        : '',
      line.originalUnits === undefined ? '' : String(line.originalUnits),
    );
    if (line.serviceDate !== null) s('DTM', '472', d8(line.serviceDate));
    this.cas(line.adjustments, s);
    if (line.lineItemControlNumber !== null) s('REF', '6R', line.lineItemControlNumber);
    if (line.allowedAmount !== null) s('AMT', 'B6', money(line.allowedAmount));
    for (const rc of line.remarkCodes) s('LQ', 'HE', rc);
    for (const rc of line.pharmacyRejectCodes ?? []) s('LQ', 'RX', rc);
  }

  /** Consecutive adjustments of one group share a CAS, six triplets at most; order is kept. */
  private cas(adjs: Adjustment[], s: (...els: (string | number | null | undefined)[]) => void): void {
    let i = 0;
    while (i < adjs.length) {
      const group = adjs[i]!.group;
      const els: (string | number | null)[] = ['CAS', group];
      let n = 0;
      while (i < adjs.length && adjs[i]!.group === group && n < 6) {
        const a = adjs[i]!;
        els.push(a.reason, money(a.amount), a.quantity === null ? '' : String(a.quantity));
        i++;
        n++;
      }
      s(...els);
    }
  }

  private plb(
    adjs: ProviderAdjustment[],
    providerId: string,
    date: string | null,
    s: (...els: (string | number | null | undefined)[]) => void,
  ): void {
    const fiscal = `${(date ?? '2024-12-31').slice(0, 4)}1231`;
    for (let i = 0; i < adjs.length; i += 6) {
      const els: string[] = ['PLB', providerId, fiscal];
      for (const a of adjs.slice(i, i + 6)) els.push(this.comp([a.reason, a.reference]), money(a.amount));
      s(...els);
    }
  }
}

/** BPR01 and BPR03 as written: a negative amount is a debit unless the flag says otherwise. */
export function bprFlags(tx: WritableTransaction): { handlingCode: string; creditDebit: 'C' | 'D' } {
  const p = tx.payment;
  return {
    handlingCode: p.handlingCode ?? (p.method !== 'ACH' && p.amount === 0 ? 'H' : 'I'),
    creditDebit: p.creditDebit ?? (p.amount < 0 ? 'D' : 'C'),
  };
}

/** Write transactions as one interchange with one functional group. */
export function write835(transactions: WritableTransaction[], opts: Write835Options = {}): string {
  const w = new Era835Writer(opts);
  let out = w.interchangeHeader() + w.groupHeader();
  for (const tx of transactions) out += w.transaction(tx);
  return out + w.groupTrailer() + w.interchangeTrailer();
}

function money(n: number): string {
  return formatCents(numberToCents(n));
}

function d8(date: string | null): string {
  return date === null ? '' : date.replaceAll('-', '');
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}
