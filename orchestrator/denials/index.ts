// The denial work queue's public API. Callers: the worker after a result is
// persisted (ingestClaimStatusResult / ingestDenialDetailsResult), the ERA
// pipeline per matched 835 claim (ingestEraClaim), the HTTP API and CLI
// (list/get/transition/recordOutcome/reports), and a scheduled sweep
// (escalateOverdue + rescoreOpenItems).
export { ingestClaimStatusResult, ingestDenialDetailsResult, ingestEraClaim, ingestObservation } from './ingest.ts';
export type { IngestAction, IngestOptions, IngestResult } from './ingest.ts';
export {
  addNote,
  assign,
  escalateOverdue,
  escalationTarget,
  reassignTeam,
  recordOutcome,
  rescoreOpenItems,
  transition,
} from './actions.ts';
export type { AssignInput, Escalation, NoteInput, OutcomeInput, TeamInput, TransitionInput } from './actions.ts';
export { knownTeams } from './teams.ts';
export {
  claimRefs,
  getWorkItem,
  getWorkItemByClaim,
  listWorkItems,
  ListFilters,
  resolveWorkItemRef,
  SORTS,
} from './queries.ts';
export type { WorkItemWithHistory } from './queries.ts';
export {
  appealOutcomes,
  denialRateByPayer,
  denialReport,
  denialsByProvider,
  topCarcCodes,
  weeklyRootCauseSummary,
} from './reports.ts';
export type { Period } from './reports.ts';
export { AGING_BUCKETS, workQueueKpis } from './kpis.ts';
export type { NoResponseAlert, WorkQueueKpis } from './kpis.ts';
export { payerTurnaround, submittedOr, timelyFiling } from './payer-turnaround.ts';
export { loadPolicy, setPolicy } from './policy-store.ts';
export { defaultPolicy, DEFAULT_WRITE_OFF_THRESHOLD } from './policy-data.ts';
export type { WorkqueuePolicy } from './policy-data.ts';
export { fromClaimStatus, fromDenialDetails, fromEraClaim } from './observation.ts';
export type { DenialObservation } from './observation.ts';
export { OPEN_STATES, OUTCOMES, STATES, TRANSITIONS } from './states.ts';
export type { Outcome, State } from './states.ts';
export { historyEntry } from './rows.ts';
export type { HistoryEntry, WorkEventDto, WorkItemDto } from './rows.ts';
export { InvalidTransitionError, WorkItemNotFoundError, WorkqueueInputError } from './errors.ts';
export { WORKQUEUE_CSV_COLUMNS, workQueueToCsv } from './export.ts';
export { draftAppealArgument, type ArgumentFacts } from './appeal-argument.ts';
