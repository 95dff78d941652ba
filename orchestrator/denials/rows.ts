// Conversions between work-item rows and the pure shapes (facts, DTOs).
// Money leaves here as JSON numbers exact to the cent; dates as ISO strings.
import type { DenialWorkEvent, DenialWorkItem } from '../../prisma/generated/client.ts';
import { describeCarc } from './codes-adapter.ts';
import type { DenialFacts, DenialSignal, Kind } from './facts.ts';
import type { ObservedAdjustment, Source } from './observation.ts';
import { timelyFiling } from './payer-turnaround.ts';
import type { State } from './states.ts';

type DecimalLike = { toString(): string } | null;
export const num = (d: DecimalLike): number | null => (d === null ? null : Number(d.toString()));
export const money = (n: number | null): string | null => (n === null ? null : n.toFixed(2));
const day = (d: Date | null): string | null => (d === null ? null : d.toISOString().slice(0, 10));
export const dayDate = (s: string | null): Date | null => (s === null ? null : new Date(`${s}T00:00:00Z`));

export function factsFromRow(r: DenialWorkItem): DenialFacts {
  return {
    payerId: r.payerId,
    statusCategory: r.statusCategory,
    eraStatusCode: r.eraStatusCode,
    billed: num(r.billedAmount),
    allowed: num(r.allowedAmount),
    paid: num(r.paidAmount),
    expected: num(r.expectedAmount),
    adjustments: r.adjustments as ObservedAdjustment[],
    remarkCodes: r.remarkCodes as string[],
    eobDate: day(r.eobDate),
    determinationDate: day(r.determinationDate),
    portalAppealDeadline: day(r.portalAppealDeadline),
    rationale: r.rationale,
    providerNpi: r.providerNpi,
    firstDeniedAt: r.firstDeniedAt,
    lastObservedAt: r.lastObservedAt,
    sources: r.sources as DenialFacts['sources'],
  };
}

/** The signal as last persisted: used when a new observation (e.g. "pending" after a resubmission) says nothing final. */
export function signalFromRow(r: DenialWorkItem): DenialSignal {
  return {
    kind: r.kind as Kind,
    silent: r.silent,
    primaryCarc: r.primaryCarc,
    dollarsAtRiskCents: Math.round(num(r.dollarsAtRisk)! * 100),
  };
}

/** Row columns that hold facts (shared by create and update). */
export function factColumns(f: DenialFacts) {
  return {
    payerId: f.payerId,
    providerNpi: f.providerNpi,
    statusCategory: f.statusCategory,
    eraStatusCode: f.eraStatusCode,
    billedAmount: money(f.billed),
    allowedAmount: money(f.allowed),
    paidAmount: money(f.paid),
    expectedAmount: money(f.expected),
    adjustments: f.adjustments as object[],
    remarkCodes: f.remarkCodes,
    eobDate: dayDate(f.eobDate),
    determinationDate: dayDate(f.determinationDate),
    portalAppealDeadline: dayDate(f.portalAppealDeadline),
    rationale: f.rationale,
    firstDeniedAt: f.firstDeniedAt,
    lastObservedAt: f.lastObservedAt,
    sources: f.sources as object[],
  };
}

/** The claim a work item belongs to, as billers name it (claim number on the portal, PCN). */
export interface ClaimRef {
  claimNumber: string;
  portalId: string;
  patientControlNumber: string | null;
  serviceDate: Date | null;
  submittedDate: Date | null;
}

export interface WorkItemDto {
  id: string;
  claimId: string;
  claimNumber: string | null;
  portalId: string | null;
  patientControlNumber: string | null;
  serviceDate: string | null;
  /** The date the claim was submitted to the payer (intake, else the 835's received date). */
  submittedDate: string | null;
  /** Date of service + the payer's timely-filing window (payer-turnaround.ts). */
  timelyFilingDeadline: string | null;
  /** Whether submittedDate met the deadline (proof for a timely-filing denial); null when either is unknown. */
  filedOnTime: boolean | null;
  organizationId: string;
  payerId: string | null;
  providerNpi: string | null;
  state: State;
  kind: Kind;
  silent: boolean;
  rootCause: string;
  team: string;
  denialType: string;
  route: string;
  primaryCarc: string | null;
  primaryCarcDescription: string | null;
  adjustments: ObservedAdjustment[];
  remarkCodes: string[];
  statusCategory: string | null;
  billedAmount: number | null;
  allowedAmount: number | null;
  paidAmount: number | null;
  dollarsAtRisk: number;
  recoverability: number;
  urgency: number;
  priorityScore: number;
  rationale: string | null;
  firstDeniedAt: string;
  appealDeadline: string | null;
  deadlineSource: string;
  slaDueAt: string;
  overdue: boolean;
  followUpAt: string | null;
  escalationLevel: number;
  assignee: string | null;
  submissionChannel: string | null;
  confirmationNumber: string | null;
  outcome: string | null;
  recoveredAmount: number | null;
  resolvedAt: string | null;
  sources: { source: Source; resultId: string | null; observedAt: string }[];
  updatedAt: string;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function toDto(r: DenialWorkItem, now: Date, claim?: ClaimRef): WorkItemDto {
  const state = r.state as State;
  const filing = claim ? timelyFiling({ payerId: r.payerId, ...claim }) : { deadline: null, filedOnTime: null };
  return {
    id: r.id,
    claimId: r.claimId,
    claimNumber: claim?.claimNumber ?? null,
    portalId: claim?.portalId ?? null,
    patientControlNumber: claim?.patientControlNumber ?? null,
    serviceDate: claim ? day(claim.serviceDate) : null,
    submittedDate: claim ? day(claim.submittedDate) : null,
    timelyFilingDeadline: filing.deadline,
    filedOnTime: filing.filedOnTime,
    organizationId: r.organizationId,
    payerId: r.payerId,
    providerNpi: r.providerNpi,
    state,
    kind: r.kind as Kind,
    silent: r.silent,
    rootCause: r.rootCause,
    team: r.team,
    denialType: r.denialType,
    route: r.route,
    primaryCarc: r.primaryCarc,
    primaryCarcDescription: r.primaryCarc ? describeCarc(r.primaryCarc) : null,
    adjustments: r.adjustments as ObservedAdjustment[],
    remarkCodes: r.remarkCodes as string[],
    statusCategory: r.statusCategory,
    billedAmount: num(r.billedAmount),
    allowedAmount: num(r.allowedAmount),
    paidAmount: num(r.paidAmount),
    dollarsAtRisk: num(r.dollarsAtRisk)!,
    recoverability: r.recoverability,
    urgency: r.urgency,
    priorityScore: num(r.priorityScore)!,
    rationale: r.rationale,
    firstDeniedAt: r.firstDeniedAt.toISOString(),
    appealDeadline: iso(r.appealDeadline),
    deadlineSource: r.deadlineSource,
    slaDueAt: r.slaDueAt.toISOString(),
    overdue: ['new', 'assigned', 'in_progress', 'appealed', 'corrected'].includes(state) && r.slaDueAt < now,
    followUpAt: iso(r.followUpAt),
    escalationLevel: r.escalationLevel,
    assignee: r.assignee,
    submissionChannel: r.submissionChannel,
    confirmationNumber: r.confirmationNumber,
    outcome: r.outcome,
    recoveredAmount: num(r.recoveredAmount),
    resolvedAt: iso(r.resolvedAt),
    sources: r.sources as WorkItemDto['sources'],
    updatedAt: r.updatedAt.toISOString(),
  };
}

export interface WorkEventDto {
  id: string;
  kind: string;
  actor: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  details: unknown;
  at: string;
}

/** One line of an item's history as people read it: when, who, from -> to, and what they wrote. */
export interface HistoryEntry {
  at: string;
  by: string;
  kind: string;
  from: string | null;
  to: string | null;
  note: string | null;
  details: unknown;
}

export function historyEntry(e: WorkEventDto): HistoryEntry {
  return { at: e.at, by: e.actor, kind: e.kind, from: e.fromState, to: e.toState, note: e.note, details: e.details };
}

export function eventDto(e: DenialWorkEvent): WorkEventDto {
  return {
    id: e.id.toString(),
    kind: e.kind,
    actor: e.actor,
    fromState: e.fromState,
    toState: e.toState,
    note: e.note,
    details: e.details,
    at: e.at.toISOString(),
  };
}
