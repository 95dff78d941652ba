// Classified bot errors. The class decides what happens next (retry, wait,
// re-login, stop the credential, alert ops), so every failure a bot can hit
// is turned into exactly one of these before it leaves the bot runtime.
// Messages must never contain credentials or PHI: they end up in logs,
// job records and the results queue.

export const ERROR_CLASSES = [
  'authentication_failed',
  'mfa_failed',
  'locked_out',
  'rate_limited',
  'portal_unavailable',
  'session_expired',
  'layout_changed',
  'invalid_input',
  'browser_crashed',
  'unexpected',
  'password_expired',
  'session_taken',
  'needs_human',
  'portal_maintenance',
  'accounts_busy',
  'upload_failed',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export function isErrorClass(v: unknown): v is ErrorClass {
  return typeof v === 'string' && (ERROR_CLASSES as readonly string[]).includes(v);
}

/** What the system (or a person) should do about an error of a class. */
export type NextAction =
  | 'retry_with_backoff'
  | 'retry_after_wait'
  | 'relogin_and_retry'
  | 'stop_credential_and_alert'
  | 'report_layout_drift'
  | 'fix_input'
  | 'retry_with_new_browser'
  | 'investigate'
  | 'ask_a_person'
  | 'retry_with_another_account';

interface ClassPolicy {
  retryable: boolean;
  /** Whether a retry of this class counts against the job's attempt budget. */
  costsAttempt: boolean;
  /** Whether the logged-in session must be thrown away. */
  retireSession: boolean;
  next: NextAction;
  userAction: string;
}

export const ERROR_POLICY: Record<ErrorClass, ClassPolicy> = {
  authentication_failed: {
    retryable: false,
    costsAttempt: true,
    retireSession: true,
    next: 'stop_credential_and_alert',
    userAction: 'Check the portal username and password stored for this credential.',
  },
  mfa_failed: {
    retryable: false,
    costsAttempt: true,
    retireSession: true,
    next: 'stop_credential_and_alert',
    userAction: 'Check the TOTP secret enrolled for this credential and the host clock.',
  },
  locked_out: {
    retryable: false,
    costsAttempt: true,
    retireSession: true,
    next: 'stop_credential_and_alert',
    userAction: 'Unlock the portal account with the payer, then re-enable the credential.',
  },
  rate_limited: {
    retryable: true,
    costsAttempt: false,
    retireSession: false,
    next: 'retry_after_wait',
    userAction: "None: the job waits for the portal's Retry-After. Lower the portal's rate limit if this persists.",
  },
  portal_unavailable: {
    retryable: true,
    costsAttempt: true,
    retireSession: false,
    next: 'retry_with_backoff',
    userAction: 'None unless it persists: the portal is down or in maintenance.',
  },
  session_expired: {
    retryable: true,
    costsAttempt: false,
    retireSession: true,
    next: 'relogin_and_retry',
    userAction: 'None: the bot logs in again.',
  },
  layout_changed: {
    retryable: false,
    costsAttempt: true,
    retireSession: false,
    next: 'report_layout_drift',
    userAction: "The portal changed its pages: update the bot's selector map for the page named in the error.",
  },
  invalid_input: {
    retryable: false,
    costsAttempt: true,
    retireSession: false,
    next: 'fix_input',
    userAction: 'Correct the named field and submit again.',
  },
  browser_crashed: {
    retryable: true,
    costsAttempt: true,
    retireSession: true,
    next: 'retry_with_new_browser',
    userAction: 'None unless it persists: check memory on the worker host.',
  },
  unexpected: {
    retryable: true,
    costsAttempt: true,
    retireSession: true,
    next: 'investigate',
    userAction: 'Look at the failure snapshot and trace kept for this job.',
  },
  password_expired: {
    retryable: false,
    costsAttempt: true,
    retireSession: true,
    next: 'stop_credential_and_alert',
    userAction:
      'Change the password on the portal and store it (`portalbots credentials rotate`), or enable rotation for the portal with vault credentials.',
  },
  session_taken: {
    retryable: true,
    costsAttempt: false,
    retireSession: true,
    next: 'relogin_and_retry',
    userAction:
      'None unless it persists: the same account signed in elsewhere. Make sure nothing outside the fleet uses this account.',
  },
  needs_human: {
    retryable: false,
    costsAttempt: true,
    retireSession: true,
    next: 'ask_a_person',
    userAction: 'A person must answer the portal (CAPTCHA, unknown security question, code sent by SMS or e-mail).',
  },
  portal_maintenance: {
    retryable: true,
    costsAttempt: false,
    retireSession: false,
    next: 'retry_after_wait',
    userAction: 'None: the portal announced maintenance; the job is retried after the window.',
  },
  accounts_busy: {
    retryable: true,
    costsAttempt: false,
    retireSession: false,
    next: 'retry_with_another_account',
    userAction:
      "None unless it persists: every healthy account of the portal is leased. Add accounts or lower the portal's schedules.",
  },
  // A write task's attachment was refused by the portal before anything was
  // submitted: safe to retry, and the page with the portal's message is evidence.
  upload_failed: {
    retryable: true,
    costsAttempt: true,
    retireSession: false,
    next: 'retry_with_backoff',
    userAction:
      "Nothing was submitted. If it persists, check the packet is a PDF under the portal's size limit, or upload it on the portal by hand.",
  },
};

/**
 * Classes that say something about the account rather than the lookup: the
 * account stops (fleet-wide, recorded in PostgreSQL) and the lookup goes on
 * with another account.
 */
export const ACCOUNT_HEALTH_CLASSES: Partial<
  Record<ErrorClass, 'locked' | 'password_expired' | 'needs_human' | 'mfa_failed' | 'disabled'>
> = {
  authentication_failed: 'disabled',
  locked_out: 'locked',
  mfa_failed: 'mfa_failed',
  password_expired: 'password_expired',
  needs_human: 'needs_human',
};

export interface BotErrorDetails {
  /** Portal page (selector-map page name) on which the error happened. */
  page?: string;
  /** For layout_changed: the selector-map element that was missing. */
  element?: string;
  /** For rate_limited: how long the portal asked us to wait. */
  retryAfterMs?: number;
  /** For invalid_input: the offending field. */
  field?: string;
  /** Evidence of the page that showed the problem (an expired password, a lockout). */
  evidenceId?: string;
  /**
   * The account itself is fine (a person did not answer a one-time code or a
   * CAPTCHA in time): the job ends, but the account is neither stopped nor
   * blocked and the next login simply asks again.
   */
  accountUsable?: boolean;
}

export class BotError extends Error {
  readonly errorClass: ErrorClass;
  readonly details: BotErrorDetails;

  constructor(errorClass: ErrorClass, message: string, details: BotErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BotError';
    this.errorClass = errorClass;
    this.details = details;
  }

  get policy(): ClassPolicy {
    return ERROR_POLICY[this.errorClass];
  }
  get retryable(): boolean {
    return this.policy.retryable;
  }

  toJSON(): { class: ErrorClass; message: string; retryable: boolean; next: NextAction; details: BotErrorDetails } {
    return {
      class: this.errorClass,
      message: this.message,
      retryable: this.retryable,
      next: this.policy.next,
      details: this.details,
    };
  }
}

export function isBotError(e: unknown): e is BotError {
  return e instanceof BotError;
}

/**
 * Turns anything thrown inside a bot into a BotError. Playwright's own errors
 * are recognised by message since it does not export stable error classes for
 * every case (a closed target is a crash; a timeout on a named locator is
 * layout drift only when the runtime says so, otherwise the portal is slow).
 */
export function classifyError(e: unknown, pageName?: string): BotError {
  if (isBotError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (
    /Target (page, context or browser )?(has been )?closed|Browser has been closed|browser has disconnected|Target crashed/i.test(
      message,
    )
  ) {
    return new BotError(
      'browser_crashed',
      'The browser closed or crashed during the task',
      { page: pageName },
      { cause: e },
    );
  }
  if (/net::ERR_|ECONNREFUSED|ECONNRESET|socket hang up/i.test(message)) {
    return new BotError('portal_unavailable', 'The portal could not be reached', { page: pageName }, { cause: e });
  }
  if (/Timeout \d+ms exceeded|TimeoutError/i.test(message)) {
    return new BotError('portal_unavailable', 'The portal did not respond in time', { page: pageName }, { cause: e });
  }
  return new BotError('unexpected', `Unexpected error: ${firstLine(message)}`, { page: pageName }, { cause: e });
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
