// The one typed interface between the orchestrator and the bots. A bot is a
// declaration (portal, payers, tasks) plus the page steps for logging in and
// for each task; the runtime (session pool, capture, classification) wraps it.
import type { Locator, Page } from 'playwright';
import type { z } from 'zod';
import type { TaskName } from './tasks.ts';
import { botVersion } from './version.ts';

/** Portal login material. Lives only in memory inside the worker. */
export interface PortalCredential {
  /** Stable id of the credential (used for session pooling and lockout bookkeeping). */
  id: string;
  username: string;
  password: string;
  /** Base32 TOTP secret, when the account has an authenticator app enrolled. */
  totpSecret?: string;
  /**
   * Present when the deployment lets the bot rotate this account's password
   * (vault credentials, rotation enabled for the portal): stores the new
   * password before the bot submits it to the portal (`stage`), and marks it
   * current once the portal confirmed it (`commit`), so the only copy of a
   * working password is never in flight.
   */
  rotation?: PasswordRotation;
  /** Answers to the portal's security questions, question text -> answer (matched ignoring case and punctuation). */
  securityAnswers?: Record<string, string>;
}

export interface PasswordRotation {
  stage(newPassword: string): Promise<void>;
  commit(newPassword: string): Promise<void>;
}

/** One screen a result was read from, as handed to the evidence sink. */
export interface PageCapture {
  label: string;
  png: Buffer;
  html: string;
  ariaSnapshot: string;
  url: string;
  finalUrl: string;
  httpStatus: number | null;
  title: string;
  capturedAt: Date;
  viewport: { width: number; height: number; deviceScaleFactor: number };
  userAgent: string;
  browserVersion: string;
  playwrightVersion: string;
  botVersion: string;
}

/** A file a bot downloaded (an 835, a letter). */
export interface DownloadedFile {
  label: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  url: string;
  downloadedAt: Date;
  botVersion: string;
}

/** What the evidence sink returns for a stored capture or file. */
export interface EvidenceRef {
  id: string;
  sha256: string;
  url: string;
  capturedAt: string;
}

/** Where captured evidence goes. Implemented by the orchestrator. */
export interface EvidenceSink {
  capture(capture: PageCapture): Promise<EvidenceRef>;
  file?(file: DownloadedFile): Promise<EvidenceRef>;
}

export interface BotLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a bot cannot answer itself and asks a person (a code sent by SMS or e-mail, a CAPTCHA). */
export type ChallengeKind = 'otp_sms' | 'otp_email' | 'captcha' | 'security_question';

export interface HumanChallenge {
  kind: ChallengeKind;
  portal: string;
  credentialId: string;
  /** What the portal asks, in its words (no secrets: it is shown to people). */
  prompt: string;
  /** The page as the person would see it (PNG). */
  screenshot: Buffer;
  /** Evidence id of the same page, when it was captured. */
  evidenceId?: string;
}

/**
 * Asks a person and resolves with their answer; rejects when no one answered
 * in time or the question was cancelled. Injected by whoever runs the bot
 * (the orchestrator's challenge queue); the bot only waits.
 */
export type AskHuman = (challenge: HumanChallenge) => Promise<string>;

/** Something the portal said about the account without stopping the session. */
export interface AccountNotice {
  kind: 'password_expiring';
  credentialId: string;
  /** Days left, as the portal said it. */
  days: number;
  /** When the password expires (now + days). */
  expiresAt: Date;
  message: string;
  evidenceId?: string;
}

/** Tools the runtime hands to a bot's steps. */
export interface StepTools {
  /** Base URL of the portal (configurable, so the same bot runs against mocks and the real portal). */
  baseUrl: string;
  log: BotLogger;
  /** Capture the current page as evidence. Call on every page a result is read from. */
  capture(page: Page, label: string): Promise<EvidenceRef>;
  /** Store a downloaded file as evidence. */
  saveFile(file: Omit<DownloadedFile, 'downloadedAt' | 'botVersion'>): Promise<EvidenceRef>;
  /**
   * Navigate to a URL and check the response: HTTP 429 throws rate_limited
   * (with Retry-After), 5xx throws portal_unavailable, and during tasks a
   * page the bot does not consider logged in throws session_expired.
   * `pageName` is the selector-map page being reached, for error details.
   */
  goto(page: Page, url: string, pageName: string): Promise<void>;
  /** Click something that loads a new document (form submit, link), then run the same checks as goto. */
  submit(page: Page, target: Locator, pageName: string): Promise<void>;
}

/**
 * What a task found. `ambiguous_match`: a search by member matched several
 * claims that nothing in the input tells apart; `candidates` names their
 * payer claim numbers so a person can choose (the bot never guesses).
 */
export type TaskOutcome<T> =
  | { outcome: 'found'; data: T }
  | { outcome: 'not_found'; data?: Partial<T> }
  | { outcome: 'ambiguous_match'; candidates: string[] };

export interface TaskDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  run(page: Page, input: z.infer<I>, tools: StepTools): Promise<TaskOutcome<z.infer<O>>>;
}

export interface BotDefinition {
  /** Portal id, as used in queue names and the CLI (`portalbots run <portal> ...`). */
  portal: string;
  /** Human name of the portal. */
  name: string;
  /** Content hash of the bot's code (runtime/version.ts), set by defineBot. */
  readonly version: string;
  /** Payers served through this portal. */
  payers: readonly string[];
  /** Default base URL (the mock portal's); overridden by config per deployment. */
  defaultBaseUrl: string;
  /** Log in on a fresh page. Throws a BotError of class authentication_failed, mfa_failed or locked_out. */
  login(page: Page, credential: PortalCredential, tools: StepTools): Promise<void>;
  /** Whether the page still holds a logged-in session (checked after navigation to detect expiry). */
  isLoggedIn(page: Page): Promise<boolean>;
  tasks: Partial<Record<TaskName, TaskDefinition>>;
  /**
   * What this portal's claim-status search by member needs besides the member
   * id and dates of service (a worklist row without a claim number must carry
   * them). Absent: the portal finds claims by claim number only.
   */
  memberSearch?: readonly MemberSearchField[];
}

/** Fields of a member search a portal may require. */
export type MemberSearchField = 'dateOfBirth' | 'payer' | 'providerNpi' | 'tin';

/** A bot declaration; its version is the content hash of its folder and the runtime, computed on first use. */
export function defineBot<B extends Omit<BotDefinition, 'version'>>(bot: B): B & { readonly version: string } {
  return Object.defineProperty({ ...bot }, 'version', {
    get: () => botVersion(bot.portal),
    enumerable: true,
  }) as B & { readonly version: string };
}
