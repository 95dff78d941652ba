// The bots' public interface: the only module the orchestrator (and the mock
// portals, for the task contracts) may import from bots/. Everything behind it
// (selector maps, page steps, the session pool) can change without them.
export { bots, getBot, UnknownPortalError } from './registry.ts';
export type {
  BotDefinition,
  MemberSearchField,
  BotLogger,
  DownloadedFile,
  EvidenceRef,
  EvidenceSink,
  PageCapture,
  PortalCredential,
  PasswordRotation,
  AccountNotice,
  AskHuman,
  ChallengeKind,
  HumanChallenge,
} from './runtime/bot.ts';
export * from './runtime/tasks.ts';
export {
  BotError,
  classifyError,
  ACCOUNT_HEALTH_CLASSES,
  ERROR_CLASSES,
  ERROR_POLICY,
  isBotError,
  isErrorClass,
  type BotErrorDetails,
  type ErrorClass,
  type NextAction,
} from './runtime/errors.ts';
export {
  BotRunner,
  type BotErrorJSON,
  type BotRunnerOptions,
  type BotTaskResult,
  type RunMeta,
} from './runtime/runner.ts';
export { chromiumExecutablePath, connectBrowser, launchBrowser } from './runtime/browser.ts';
export type { SessionCacheOptions } from './runtime/session-cache.ts';
export { DEFAULT_TRACING, type TracingMode } from './runtime/session-pool.ts';
export { totpCode, totpRemainingMs } from './runtime/totp.ts';
