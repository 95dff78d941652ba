// The 835 loop builder: a state machine fed one segment at a time by the
// tokenizer. It checks the envelope (ISA/GS/ST ... SE/GE/IEA), tracks which
// 835 loop it is in (header, 1000A payer, 1000B payee, 2000 LX, 2100 claim,
// 2110 service line, PLB) and builds contract objects directly, keeping
// integer-cent running sums for balancing so nothing is walked twice.
//
// Structure violations that make the data ambiguous (claim segments outside a
// claim, BPR missing, a second ST before SE, ...) throw X12ParseError. Count
// and control-number mismatches in trailers only produce warnings: the data
// itself is intact and payers get them wrong surprisingly often.
import { X12ParseError, printableId } from './errors.ts';
import { checkClaim, checkPayment } from './balance.ts';
import { codeKey, keyToCode, type SegmentView } from './segment-view.ts';
import {
  MIA_REMARKS,
  MOA_REMARKS,
  optionalCents,
  readBpr,
  readCas,
  readClp,
  readPlb,
  readRemarks,
  readSvc,
} from './segments.ts';
import type { BalanceProblem, Claim, ParseWarning, ServiceLine, Transaction, WarningCode } from './types.ts';

// Segment ids and qualifiers as integer keys: dispatch without making strings.
const K = {
  ISA: codeKey('ISA'),
  GS: codeKey('GS'),
  ST: codeKey('ST'),
  SE: codeKey('SE'),
  GE: codeKey('GE'),
  IEA: codeKey('IEA'),
  BPR: codeKey('BPR'),
  TRN: codeKey('TRN'),
  N1: codeKey('N1'),
  REF: codeKey('REF'),
  LX: codeKey('LX'),
  CLP: codeKey('CLP'),
  CAS: codeKey('CAS'),
  NM1: codeKey('NM1'),
  MIA: codeKey('MIA'),
  MOA: codeKey('MOA'),
  DTM: codeKey('DTM'),
  SVC: codeKey('SVC'),
  LQ: codeKey('LQ'),
  AMT: codeKey('AMT'),
  PLB: codeKey('PLB'),
  PR: codeKey('PR'),
  PE: codeKey('PE'),
  XX: codeKey('XX'),
  FI: codeKey('FI'),
  '2U': codeKey('2U'),
  TJ: codeKey('TJ'),
  '6R': codeKey('6R'),
  B6: codeKey('B6'),
  HE: codeKey('HE'),
  '472': codeKey('472'),
  '150': codeKey('150'),
  '835': codeKey('835'),
};

type Loop = 'start' | 'header' | 'payer' | 'payee' | 'party' | 'detail' | 'claim' | 'service' | 'plb';
enum Level {
  None,
  Interchange,
  Group,
  Transaction,
}

export class Era835Builder {
  /** Transactions completed since the caller last took them. */
  ready: Transaction[] = [];
  private readonly onWarning: (w: ParseWarning) => void;

  private level = Level.None;
  private isaControl = '';
  private groupCount = 0;
  private gsControl = '';
  private stCount = 0;
  private stControl = '';
  private segCount = 0;

  private tx: Transaction | null = null;
  private loop: Loop = 'start';
  private claim: Claim | null = null;
  private svc: ServiceLine | null = null;
  private payerIdN1: string | null = null;
  private payerIdRef: string | null = null;
  private payerIdTrn: string | null = null;
  private sawPayer = false;
  private sawPayee = false;

  // Running sums in cents (see balance.ts for the rules).
  private paymentCents = 0;
  private paidSumCents = 0;
  private plbSumCents = 0;
  private claimChargeCents = 0;
  private claimPaidCents = 0;
  private claimCasCents = 0;
  private claimIndex = -1;
  private problems: BalanceProblem[] = [];

  // The current segment, for errors and warnings.
  private view: SegmentView | null = null;
  private lastKey = -1;
  /** Set once input has ended: the view no longer describes the last segment. */
  private ended = false;
  private pos = 0;
  private off = 0;

  constructor(onWarning: (w: ParseWarning) => void) {
    this.onWarning = onWarning;
  }

  private readonly fail = (reason: string): never => {
    throw new X12ParseError(reason, this.segmentId(), this.pos, this.off);
  };

  private segmentId(): string {
    if (this.ended) return printableId(keyToCode(this.lastKey));
    return this.view === null ? '' : printableId(this.view.str(0));
  }

  private warn(code: WarningCode, message: string): void {
    this.onWarning({ code, message, segment: this.segmentId(), position: this.pos, offset: this.off });
  }

  /** Segment sink for SegmentTokenizer (an arrow so it can be passed bare). */
  readonly onSegment = (v: SegmentView): void => {
    const key = v.key(0);
    this.view = v;
    this.lastKey = key;
    this.pos = v.position;
    this.off = v.offset;
    if (this.level === Level.Transaction) {
      this.segCount++;
      if (key !== K.SE) {
        this.inTransaction(key, v);
        return;
      }
    }
    switch (key) {
      case K.ISA:
        if (this.level !== Level.None) this.fail('ISA inside an open interchange (missing IEA)');
        this.isaControl = v.str(13).trim();
        this.groupCount = 0;
        this.level = Level.Interchange;
        return;
      case K.GS:
        if (this.level !== Level.Interchange) this.fail('GS inside an open functional group (missing GE)');
        this.gsControl = v.str(6);
        this.stCount = 0;
        this.groupCount++;
        this.level = Level.Group;
        return;
      case K.ST:
        if (this.level !== Level.Group) this.fail('ST outside a functional group (missing GS)');
        if (v.key(1) !== K['835']) this.fail(`transaction set "${printableId(v.str(1))}" is not an 835 (ST01)`);
        this.stCount++;
        this.startTransaction(v.str(2));
        return;
      case K.SE:
        if (this.level !== Level.Transaction) this.fail('SE without a matching ST');
        this.endTransaction(v);
        return;
      case K.GE:
        if (this.level !== Level.Group) this.fail('GE without a matching GS');
        if (!sameCount(v.str(1), this.stCount))
          this.warn('GE_COUNT', `GE01 says ${v.str(1)} transaction sets, found ${this.stCount}`);
        if (!sameControl(v.str(2), this.gsControl))
          this.warn('GE_CONTROL', `GE02 control number ${v.str(2)} does not match GS06 ${this.gsControl}`);
        this.level = Level.Interchange;
        return;
      case K.IEA:
        if (this.level !== Level.Interchange) this.fail('IEA before the functional group was closed (missing GE)');
        if (!sameCount(v.str(1), this.groupCount))
          this.warn('IEA_COUNT', `IEA01 says ${v.str(1)} functional groups, found ${this.groupCount}`);
        if (!sameControl(v.str(2), this.isaControl))
          this.warn('IEA_CONTROL', `IEA02 control number ${v.str(2)} does not match ISA13 ${this.isaControl}`);
        this.level = Level.None;
        return;
      default:
        this.fail(
          this.level === Level.None
            ? 'segment outside an interchange (missing ISA)'
            : 'segment outside a transaction set (missing ST)',
        );
    }
  };

  /** End of input: everything opened must have been closed. */
  finish(): void {
    this.ended = true;
    if (this.level === Level.Transaction)
      this.fail(`input ends inside transaction ${this.stControl} (truncated: missing SE, GE and IEA)`);
    if (this.level === Level.Group) this.fail('input ends inside a functional group (truncated: missing GE and IEA)');
    if (this.level === Level.Interchange) this.fail('input ends inside an interchange (truncated: missing IEA)');
  }

  private startTransaction(control: string): void {
    this.level = Level.Transaction;
    this.stControl = control;
    this.segCount = 1;
    this.loop = 'start';
    this.claim = null;
    this.svc = null;
    this.payerIdN1 = this.payerIdRef = this.payerIdTrn = null;
    this.sawPayer = this.sawPayee = false;
    this.paymentCents = this.paidSumCents = this.plbSumCents = 0;
    this.claimIndex = -1;
    this.problems = [];
    this.tx = {
      controlNumber: control,
      payer: { name: null, id: null },
      payee: { name: null, npi: null, taxId: null },
      payment: { amount: 0, method: '', date: null, traceNumber: null },
      claims: [],
      providerAdjustments: [],
      balance: { ok: true, problems: [] },
    };
  }

  private endTransaction(v: SegmentView): void {
    const tx = this.tx!;
    if (this.loop === 'start') this.fail('SE right after ST: an 835 needs at least BPR and TRN');
    this.closeClaim();
    if (!sameCount(v.str(1), this.segCount))
      this.warn('SE_COUNT', `SE01 says ${v.str(1)} segments, counted ${this.segCount}`);
    if (!sameControl(v.str(2), this.stControl))
      this.warn('SE_CONTROL', `SE02 control number ${v.str(2)} does not match ST02 ${this.stControl}`);
    if (!this.sawPayer) this.warn('MISSING_PAYER', `transaction ${this.stControl} has no N1*PR payer loop`);
    if (!this.sawPayee) this.warn('MISSING_PAYEE', `transaction ${this.stControl} has no N1*PE payee loop`);
    tx.payer.id = this.payerIdN1 ?? this.payerIdRef ?? this.payerIdTrn;
    const p = checkPayment(this.paymentCents, this.paidSumCents, this.plbSumCents);
    if (p !== null) this.problems.push(p);
    tx.balance = { ok: this.problems.length === 0, problems: this.problems };
    this.ready.push(tx);
    this.tx = null;
    this.level = Level.Group;
  }

  private inTransaction(key: number, v: SegmentView): void {
    const tx = this.tx!;
    if (this.loop === 'start') {
      if (key !== K.BPR) this.fail('expected BPR as the first segment after ST');
      const bpr = readBpr(v, this.fail);
      this.paymentCents = bpr.amountCents;
      tx.payment.amount = bpr.amountCents / 100;
      tx.payment.method = bpr.method;
      tx.payment.date = bpr.date;
      this.loop = 'header';
      return;
    }
    switch (key) {
      case K.CLP:
        return this.startClaim(v);
      case K.CAS: {
        const target = this.svc ?? this.claim;
        if (target === null) this.fail('CAS outside a claim (no CLP before it)');
        this.claimCasCents += readCas(v, target!.adjustments, this.fail);
        return;
      }
      case K.SVC: {
        if (this.claim === null) this.fail('SVC outside a claim (no CLP before it)');
        this.svc = readSvc(v, this.fail);
        this.claim!.serviceLines.push(this.svc);
        this.loop = 'service';
        return;
      }
      case K.DTM: {
        const svc = this.svc;
        if (svc === null) return; // claim/header dates are not in the contract
        const q = v.key(1);
        if (q === K['472'] || (q === K['150'] && svc.serviceDate === null)) svc.serviceDate = v.date(2);
        return;
      }
      case K.LQ:
        if (this.svc === null) this.fail('LQ outside a service line (no SVC before it)');
        if (v.key(1) === K.HE && v.has(2)) this.svc!.remarkCodes.push(v.str(2));
        return;
      case K.AMT:
        if (this.svc !== null && v.key(1) === K.B6) {
          const c = optionalCents(v, 2, 'AMT02 allowed amount', this.fail);
          this.svc.allowedAmount = c === null ? null : c / 100;
        }
        return;
      case K.REF:
        return this.ref(v);
      case K.NM1:
      case K.MIA:
      case K.MOA:
        if (this.claim === null) this.fail(`${v.str(0)} outside a claim (no CLP before it)`);
        if (this.svc !== null) this.fail(`${v.str(0)} after SVC: claim-level segments must come before service lines`);
        if (key === K.MOA) readRemarks(v, MOA_REMARKS, this.claim!.remarkCodes);
        else if (key === K.MIA) readRemarks(v, MIA_REMARKS, this.claim!.remarkCodes);
        return; // NM1 (patient, insured, provider) is PHI we do not output.
      case K.LX:
        if (this.loop === 'plb') this.fail('LX after PLB: provider adjustments must end the transaction');
        this.closeClaim();
        this.loop = 'detail';
        return;
      case K.PLB:
        this.closeClaim();
        this.loop = 'plb';
        this.plbSumCents += readPlb(v, tx.providerAdjustments, this.fail);
        return;
      case K.TRN:
        if (this.loop === 'header') {
          tx.payment.traceNumber = v.opt(2);
          this.payerIdTrn = v.opt(3);
        }
        return;
      case K.N1:
        return this.n1(v);
      case K.BPR:
        return this.fail('second BPR in one transaction');
      case K.ST:
      case K.GS:
      case K.GE:
      case K.ISA:
      case K.IEA:
        return this.fail(`${v.str(0)} before transaction ${this.stControl} was closed (missing SE)`);
      default:
        return; // CUR, N3, N4, PER, RDM, TS3, TS2, QTY...: not in the contract.
    }
  }

  private n1(v: SegmentView): void {
    const tx = this.tx!;
    if (this.loop !== 'header' && this.loop !== 'payer' && this.loop !== 'payee' && this.loop !== 'party') {
      this.fail('N1 after claim detail started: payer/payee loops belong to the header');
    }
    const q = v.key(1);
    if (q === K.PR) {
      this.loop = 'payer';
      this.sawPayer = true;
      tx.payer.name = v.opt(2);
      this.payerIdN1 = v.opt(4);
    } else if (q === K.PE) {
      this.loop = 'payee';
      this.sawPayee = true;
      tx.payee.name = v.opt(2);
      const idQ = v.key(3);
      if (idQ === K.XX) tx.payee.npi = v.opt(4);
      else if (idQ === K.FI) tx.payee.taxId = v.opt(4);
    } else {
      this.loop = 'party';
    }
  }

  private ref(v: SegmentView): void {
    const q = v.key(1);
    if (this.svc !== null) {
      if (q === K['6R']) this.svc.lineItemControlNumber = v.opt(2);
    } else if (this.loop === 'payer') {
      if (q === K['2U']) this.payerIdRef = v.opt(2);
    } else if (this.loop === 'payee') {
      if (q === K.TJ && this.tx!.payee.taxId === null) this.tx!.payee.taxId = v.opt(2);
    }
  }

  private startClaim(v: SegmentView): void {
    if (this.loop === 'plb') this.fail('CLP after PLB: provider adjustments must end the transaction');
    this.closeClaim();
    const r = readClp(v, this.fail);
    this.claim = r.claim;
    this.claimChargeCents = r.chargeCents;
    this.claimPaidCents = r.paidCents;
    this.claimCasCents = 0;
    this.paidSumCents += r.paidCents;
    this.claimIndex++;
    this.tx!.claims.push(r.claim);
    this.loop = 'claim';
  }

  private closeClaim(): void {
    const c = this.claim;
    if (c === null) return;
    const p = checkClaim(
      c.patientControlNumber,
      this.claimIndex,
      this.claimChargeCents,
      this.claimPaidCents,
      this.claimCasCents,
    );
    if (p !== null) this.problems.push(p);
    this.claim = null;
    this.svc = null;
  }
}

function sameCount(declared: string, actual: number): boolean {
  return declared.trim() !== '' && Number(declared) === actual;
}

/** Control numbers are compared as numbers when both are numeric (leading zeros vary). */
function sameControl(a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  if (x === y) return true;
  return x !== '' && y !== '' && /^\d+$/.test(x) && /^\d+$/.test(y) && Number(x) === Number(y);
}
