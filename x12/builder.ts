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
  addAmount,
  addQuantity,
  addReference,
  MIA_NUMBERS,
  MOA_NUMBERS,
  readContact,
  readNumbers,
  readParty,
  readTs2,
  readTs3,
} from './details.ts';
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
import type {
  BalanceProblem,
  Claim,
  Envelope,
  ParseWarning,
  ProviderSummary,
  ServiceLine,
  Transaction,
  WarningCode,
} from './types.ts';

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
  QTY: codeKey('QTY'),
  PER: codeKey('PER'),
  TS3: codeKey('TS3'),
  TS2: codeKey('TS2'),
  '82': codeKey('82'),
  TT: codeKey('TT'),
  CX: codeKey('CX'),
  RX: codeKey('RX'),
  F8: codeKey('F8'),
  '405': codeKey('405'),
  '151': codeKey('151'),
  '232': codeKey('232'),
  '233': codeKey('233'),
  '050': codeKey('050'),
  '036': codeKey('036'),
};

/** TRN03 is "1" followed by the payer's EIN (TR3); that is a tax id, not a payer id. */
const TRN03_EIN = /^1(\d{9})$/;

type Loop = 'start' | 'header' | 'payer' | 'payee' | 'party' | 'detail' | 'claim' | 'service' | 'plb';
enum Level {
  None,
  Interchange,
  Group,
  Transaction,
  /** Inside a transaction set that is not an 835 (skipped up to its SE). */
  Skipping,
}

/**
 * A consumer that takes each transaction in parts as it is read (the JSON
 * output of `era parse`), instead of whole from `ready`: claims are handed
 * over one by one as they close and never collected, so they die young and
 * memory stays flat however many claims a transaction holds.
 */
export interface TransactionStream {
  /** Every field that comes before `claims` is final; `claims` is empty and stays so. */
  begin(tx: Transaction): void;
  claim(claim: Claim): void;
  /** The SE was read: the fields after `claims` (balance, provider adjustments, ...) are final. */
  end(tx: Transaction): void;
}

/** Where the first non-835 set was: a file holding nothing else fails there. */
export interface SkippedSet {
  reason: string;
  position: number;
  offset: number;
}

export class Era835Builder {
  /** Transactions completed since the caller last took them (unless they go to `stream`). */
  ready: Transaction[] = [];
  /** When set, transactions go here in parts instead of to `ready`. */
  stream: TransactionStream | null = null;
  /** The stream has had this transaction's begin(). */
  private begun = false;
  private readonly onWarning: (w: ParseWarning) => void;

  private level = Level.None;
  private isaControl = '';
  private groupCount = 0;
  private gsControl = '';
  private stCount = 0;
  private stControl = '';
  private segCount = 0;
  private envelope: Envelope = {
    usage: '',
    senderId: '',
    receiverId: '',
    interchangeControlNumber: '',
    groupSenderId: '',
    groupReceiverId: '',
    version: '',
  };
  private transactions835 = 0;
  /** The first non-835 set; a part of a file (parallel.ts) reports it instead of failing on it. */
  firstSkipped: SkippedSet | null = null;
  /** False when this builder reads one part of a file: "no 835 at all" is then decided for the whole file. */
  requireAn835 = true;

  private tx: Transaction | null = null;
  private loop: Loop = 'start';
  private claim: Claim | null = null;
  private svc: ServiceLine | null = null;
  private payerIdN1: string | null = null;
  private payerIdRef: string | null = null;
  private payerIdTrn: string | null = null;
  private lxNumber: string | null = null;
  private summary: ProviderSummary | null = null;
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
    } else if (this.level === Level.Skipping) {
      if (key === K.SE) this.level = Level.Group;
      else if (key === K.ST || key === K.GS || key === K.GE || key === K.ISA || key === K.IEA)
        this.fail(`${v.str(0)} before transaction set ${this.stControl} was closed (missing SE)`);
      return;
    }
    switch (key) {
      case K.ISA:
        if (this.level !== Level.None) this.fail('ISA inside an open interchange (missing IEA)');
        this.isaControl = v.str(13).trim();
        this.envelope = {
          usage: v.str(15).trim(),
          senderId: v.str(6).trim(),
          receiverId: v.str(8).trim(),
          interchangeControlNumber: this.isaControl,
          groupSenderId: '',
          groupReceiverId: '',
          version: '',
        };
        this.groupCount = 0;
        this.level = Level.Interchange;
        return;
      case K.GS:
        if (this.level !== Level.Interchange) this.fail('GS inside an open functional group (missing GE)');
        this.gsControl = v.str(6);
        this.envelope = { ...this.envelope, groupSenderId: v.str(2), groupReceiverId: v.str(3), version: v.str(8) };
        this.stCount = 0;
        this.groupCount++;
        this.level = Level.Group;
        return;
      case K.ST:
        if (this.level !== Level.Group) this.fail('ST outside a functional group (missing GS)');
        this.stCount++;
        if (v.key(1) !== K['835']) return this.skipTransaction(v);
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
    if (this.level === Level.Skipping)
      this.fail(`input ends inside transaction set ${this.stControl} (truncated: missing SE, GE and IEA)`);
    const skipped = this.firstSkipped;
    if (this.requireAn835 && this.transactions835 === 0 && skipped !== null)
      throw new X12ParseError(skipped.reason, 'ST', skipped.position, skipped.offset);
  }

  /**
   * A 277, 278, 837... in the same interchange as 835s: not ours to read, so it
   * is skipped with a warning. A file with no 835 at all still fails (finish).
   */
  private skipTransaction(v: SegmentView): void {
    const reason = `transaction set "${printableId(v.str(1))}" is not an 835 (ST01)`;
    this.firstSkipped ??= { reason, position: this.pos, offset: this.off };
    this.stControl = v.str(2);
    this.level = Level.Skipping;
    this.warn('SKIPPED_TRANSACTION_SET', `${reason}: skipped up to its SE`);
  }

  private startTransaction(control: string): void {
    this.level = Level.Transaction;
    this.stControl = control;
    this.segCount = 1;
    this.loop = 'start';
    this.claim = null;
    this.svc = null;
    this.payerIdN1 = this.payerIdRef = this.payerIdTrn = null;
    this.lxNumber = null;
    this.summary = null;
    this.sawPayer = this.sawPayee = false;
    this.paymentCents = this.paidSumCents = this.plbSumCents = 0;
    this.claimIndex = -1;
    this.problems = [];
    this.begun = false;
    this.tx = {
      controlNumber: control,
      payer: { name: null, id: null },
      payee: { name: null, npi: null, taxId: null },
      payment: { amount: 0, creditDebit: 'C', handlingCode: '', method: '', date: null, traceNumber: null },
      envelope: { ...this.envelope },
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
    this.resolvePayerId(tx);
    const p = checkPayment(this.paymentCents, this.paidSumCents, this.plbSumCents);
    if (p !== null) this.problems.push(p);
    tx.balance = { ok: this.problems.length === 0, problems: this.problems };
    if (this.stream === null) {
      this.ready.push(tx);
    } else {
      if (!this.begun) this.begin(tx, this.stream);
      this.stream.end(tx);
    }
    this.transactions835++;
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
      tx.payment.creditDebit = bpr.creditDebit;
      tx.payment.handlingCode = bpr.handlingCode;
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
      case K.DTM:
        return this.dtm(v);
      case K.LQ: {
        const svc = this.svc;
        if (svc === null) return this.fail('LQ outside a service line (no SVC before it)');
        if (!v.has(2)) return;
        const q = v.key(1);
        if (q === K.HE) svc.remarkCodes.push(v.str(2));
        else if (q === K.RX) (svc.pharmacyRejectCodes ??= []).push(v.str(2));
        return;
      }
      case K.AMT:
        return this.amt(v);
      case K.QTY:
        if (this.svc !== null) this.svc.quantities = addQuantity(v, this.svc.quantities, this.fail);
        else if (this.claim !== null) this.claim.quantities = addQuantity(v, this.claim.quantities, this.fail);
        return;
      case K.REF:
        return this.ref(v);
      case K.NM1:
      case K.MIA:
      case K.MOA:
        return this.claimParty(key, v);
      case K.PER:
        if (this.claim !== null && this.svc === null && v.key(1) === K.CX) this.claim.contact = readContact(v);
        return;
      case K.LX:
        if (this.loop === 'plb') this.fail('LX after PLB: provider adjustments must end the transaction');
        this.closeClaim();
        this.loop = 'detail';
        this.lxNumber = v.opt(1);
        this.summary = null;
        return;
      case K.TS3:
        if (this.loop !== 'detail') this.fail('TS3 outside a header-number loop (it must follow LX, before CLP)');
        this.summary = readTs3(v, this.lxNumber, this.fail);
        (tx.providerSummaries ??= []).push(this.summary);
        return;
      case K.TS2:
        if (this.loop !== 'detail' || this.summary === null) this.fail('TS2 without a TS3 before it in its LX loop');
        readTs2(v, this.summary!, this.fail);
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
          if (v.has(4)) tx.payment.traceSupplementalCode = v.str(4);
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
      if (this.payerIdN1 !== null && v.has(3)) tx.payer.idQualifier = v.str(3);
    } else if (q === K.PE) {
      this.loop = 'payee';
      this.sawPayee = true;
      tx.payee.name = v.opt(2);
      if (v.has(3)) tx.payee.idQualifier = v.str(3);
      const idQ = v.key(3);
      if (idQ === K.XX) tx.payee.npi = v.opt(4);
      else if (idQ === K.FI) tx.payee.taxId = v.opt(4);
    } else {
      this.loop = 'party';
    }
  }

  private ref(v: SegmentView): void {
    const q = v.key(1);
    const tx = this.tx!;
    if (this.svc !== null) {
      if (q === K['6R']) this.svc.lineItemControlNumber = v.opt(2);
      this.svc.references = addReference(v, this.svc.references);
    } else if (this.claim !== null) {
      if (q === K.F8 && v.has(2)) this.claim.originalReferenceNumber = v.str(2);
      this.claim.references = addReference(v, this.claim.references);
    } else if (this.loop === 'payer') {
      if (q === K['2U']) this.payerIdRef = v.opt(2);
      tx.payer.references = addReference(v, tx.payer.references);
    } else if (this.loop === 'payee') {
      if (q === K.TJ && tx.payee.taxId === null) tx.payee.taxId = v.opt(2);
      tx.payee.references = addReference(v, tx.payee.references);
    } else if (this.loop === 'header') {
      tx.references = addReference(v, tx.references);
    }
  }

  private dtm(v: SegmentView): void {
    const q = v.key(1);
    const svc = this.svc;
    if (svc !== null) {
      if (q === K['472'] || (q === K['150'] && svc.serviceDate === null)) svc.serviceDate = v.date(2);
      const d = v.date(2);
      if (d === null) return;
      if (q === K['150']) svc.serviceStartDate = d;
      else if (q === K['151']) svc.serviceEndDate = d;
      return;
    }
    const d = v.date(2);
    if (d === null) return;
    const c = this.claim;
    if (c !== null) {
      if (q === K['232']) c.statementFromDate = d;
      else if (q === K['233']) c.statementToDate = d;
      else if (q === K['050']) c.receivedDate = d;
      else if (q === K['036']) c.coverageExpirationDate = d;
    } else if (this.loop === 'header' && q === K['405']) {
      this.tx!.payment.productionDate = d;
    }
  }

  private amt(v: SegmentView): void {
    const svc = this.svc;
    if (svc !== null) {
      if (v.key(1) === K.B6) {
        const c = optionalCents(v, 2, 'AMT02 allowed amount', this.fail);
        svc.allowedAmount = c === null ? null : c / 100;
      }
      svc.amounts = addAmount(v, svc.amounts, this.fail);
    } else if (this.claim !== null) {
      this.claim.amounts = addAmount(v, this.claim.amounts, this.fail);
    }
  }

  /** NM1, MIA, MOA of a claim. Patient, insured and corrected-patient NM1s are PHI and never read. */
  private claimParty(key: number, v: SegmentView): void {
    const c = this.claim;
    if (c === null) return this.fail(`${v.str(0)} outside a claim (no CLP before it)`);
    if (this.svc !== null) this.fail(`${v.str(0)} after SVC: claim-level segments must come before service lines`);
    if (key === K.MOA) {
      readRemarks(v, MOA_REMARKS, c.remarkCodes);
      const n = readNumbers(v, 'MOA', MOA_NUMBERS, this.fail);
      if (n !== undefined) c.outpatient = n;
    } else if (key === K.MIA) {
      readRemarks(v, MIA_REMARKS, c.remarkCodes);
      const n = readNumbers(v, 'MIA', MIA_NUMBERS, this.fail);
      if (n !== undefined) c.inpatient = n;
    } else {
      const q = v.key(1);
      if (q === K['82']) c.renderingProvider = readParty(v, false);
      else if (q === K.TT) c.crossoverCarrier = readParty(v, true);
      else if (q === K.PR) c.correctedPayer = readParty(v, true);
    }
  }

  /** N1*PR04 first, then REF*2U, then TRN03 (reported as the EIN it is, without the leading "1"). */
  private resolvePayerId(tx: Transaction): void {
    if (this.payerIdN1 !== null) {
      tx.payer.id = this.payerIdN1;
    } else if (this.payerIdRef !== null) {
      tx.payer.id = this.payerIdRef;
      tx.payer.idQualifier = '2U';
    } else if (this.payerIdTrn !== null) {
      const ein = TRN03_EIN.exec(this.payerIdTrn);
      tx.payer.id = ein === null ? this.payerIdTrn : ein[1]!;
      if (ein !== null) tx.payer.idQualifier = 'FI';
    } else {
      tx.payer.id = null;
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
    if (this.lxNumber !== null) r.claim.lxNumber = this.lxNumber;
    if (this.stream === null) this.tx!.claims.push(r.claim);
    else if (!this.begun) this.begin(this.tx!, this.stream);
    this.loop = 'claim';
  }

  /**
   * The stream's begin(), at the first claim (or at SE when there is none).
   * Header loops (payer, payee, TRN, REF, DTM*405) cannot follow claim detail,
   * so everything before `claims` is known here, including the payer id.
   */
  private begin(tx: Transaction, stream: TransactionStream): void {
    this.resolvePayerId(tx);
    this.begun = true;
    stream.begin(tx);
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
    this.stream?.claim(c);
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
