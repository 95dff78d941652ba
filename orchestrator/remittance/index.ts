// Public API of the ERA pipeline: stored 835 -> remittance rows matched to our
// claims -> denial work queue.
export { processEraFile, processEraDownloadResult, ProcessEraInput, ProcessEraContext } from './process.ts';
export type { ProcessEraResult, EraDownloadContext } from './process.ts';
export { listUnmatchedRemittances } from './queries.ts';
export type { UnmatchedRemittance } from './queries.ts';
export { classifyClaim, DENIAL_KINDS, QUEUED_KINDS } from './classify.ts';
export type { DenialKind } from './classify.ts';
export { matchClaims, MATCH_METHODS } from './match.ts';
export type { Match, MatchMethod } from './match.ts';
export { EraPipelineError } from './errors.ts';
export type { EraPipelineErrorCode } from './errors.ts';
export type { HandOverSummary } from './handover.ts';
export { linkReversals, transactionSignals } from './signals.ts';
export type { EraSignal } from './signals.ts';
