// Fault injection for the mock portals. Faults are per server
// instance, settable at start and at runtime (POST /__admin/faults), so one
// test can turn a fault on and off without restarting the portal.
import { z } from 'zod';

export const FaultsInput = z
  .object({
    /** Serve a 503 maintenance page for every portal request. */
    maintenance: z.boolean(),
    /** Delay every portal response by this many milliseconds. */
    slowMs: z.number().int().min(0).max(120_000),
    /** Answer the next K portal requests with HTTP 429. */
    rateLimit: z.number().int().min(0).max(1_000_000),
    /** Retry-After (seconds) sent with 429 responses. */
    retryAfterSec: z.number().int().min(0).max(3_600),
    /** One-shot: invalidate every session now. */
    expireSessions: z.boolean(),
    /** One-shot: every signed-in session must pass the TOTP step again. */
    mfaRechallenge: z.boolean(),
    /** Page layout: v2 moves and renames what bots read. */
    layout: z.enum(['v1', 'v2']),
    /** Idle session lifetime in milliseconds. */
    sessionTtlMs: z.number().int().min(1_000).max(86_400_000),
    /** Consecutive bad passwords before an account locks. */
    lockoutAfter: z.number().int().min(1).max(100),
    /** Sessions one account may hold at once; a newer sign-in ends the oldest. 0 = unlimited. */
    sessionsPerAccount: z.number().int().min(0).max(100),
    /** Username whose next sign-in lands on a forced password change page ('' = nobody). */
    passwordExpiresFor: z.coerce.string().max(200),
    /** After sign-in, ask one of the account's enrolled security questions. */
    securityQuestion: z.boolean(),
    /** A one-time code "sent" by SMS or e-mail instead of TOTP (readable at GET /__admin/outbox); '' = off. */
    otpChannel: z.enum(['', 'sms', 'email']),
    /** After sign-in, a CAPTCHA (image + text box) a person must read. */
    captcha: z.boolean(),
    /** A "Still there?" dialog that blocks the page after idlePopupAfterMs without input. */
    idlePopup: z.boolean(),
    /** Idle time before the "Still there?" dialog shows (0: as soon as the page loads). */
    idlePopupAfterMs: z.number().int().min(0).max(3_600_000),
    /** How long an ignored "Still there?" dialog waits before it signs the session out. */
    idlePopupLogoutMs: z.number().int().min(100).max(3_600_000),
    /** A maintenance notice served with HTTP 200 (what some portals do) instead of the portal's pages. */
    maintenance200: z.boolean(),
    /** The time the maintenance notice says the portal is back ("06:00 ET"). */
    maintenanceBackAt: z.coerce.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    /** `<username>:<days>`: that account's sign-in shows "Your password expires in <days> days" ('' = nobody). */
    passwordExpiresInDays: z.coerce
      .string()
      .max(200)
      .regex(/^$|^[^:]+:\d{1,3}$/, 'must be <username>:<days>'),
    /**
     * A real portal's latency: every portal request is answered after a delay
     * drawn per request (seeded) from this range, e.g. "300-800", or exactly
     * this many ms. 0 turns it off.
     */
    latencyMs: z.union([
      z.number().int().min(0).max(60_000),
      z
        .string()
        .regex(/^\d{1,5}-\d{1,5}$/, 'must be milliseconds or a range like 300-800')
        .refine((r) => {
          const [lo, hi] = r.split('-').map(Number);
          return lo! <= hi! && hi! <= 60_000;
        }, 'the range must be low-high with high at most 60000'),
    ]),
    /** Reconsideration / dispute attachment uploads fail with the portal's error message. */
    uploadFails: z.boolean(),
    /** A submitted reconsideration gets its decision (overturned) this long after submission; 0 = only via admin. */
    reconsiderationDecisionMs: z.number().int().min(0).max(86_400_000),
  })
  .partial()
  .strict();
export type FaultsInput = z.infer<typeof FaultsInput>;

export interface FaultState {
  maintenance: boolean;
  slowMs: number;
  rateLimitRemaining: number;
  retryAfterSec: number;
  layout: 'v1' | 'v2';
  sessionTtlMs: number;
  lockoutAfter: number;
  sessionsPerAccount: number;
  passwordExpiresFor: string;
  securityQuestion: boolean;
  otpChannel: '' | 'sms' | 'email';
  captcha: boolean;
  idlePopup: boolean;
  idlePopupAfterMs: number;
  idlePopupLogoutMs: number;
  maintenance200: boolean;
  maintenanceBackAt: string;
  passwordExpiresInDays: string;
  /** Per-request delay range of the latencyMs fault (both 0: off). */
  latencyMinMs: number;
  latencyMaxMs: number;
  uploadFails: boolean;
  reconsiderationDecisionMs: number;
}

export function defaultFaultState(): FaultState {
  return {
    maintenance: false,
    slowMs: 0,
    rateLimitRemaining: 0,
    retryAfterSec: 2,
    layout: 'v1',
    sessionTtlMs: 30 * 60_000,
    lockoutAfter: 5,
    sessionsPerAccount: 0,
    passwordExpiresFor: '',
    securityQuestion: false,
    otpChannel: '',
    captcha: false,
    idlePopup: false,
    idlePopupAfterMs: 5_000,
    idlePopupLogoutMs: 60_000,
    maintenance200: false,
    maintenanceBackAt: '06:00',
    passwordExpiresInDays: '',
    latencyMinMs: 0,
    latencyMaxMs: 0,
    uploadFails: false,
    reconsiderationDecisionMs: 0,
  };
}

/** The latencyMs fault as a range: `300-800` -> 300..800, `300` -> 300..300. */
export function latencyRange(value: number | string): { min: number; max: number } {
  if (typeof value === 'number') return { min: value, max: value };
  const [min, max] = value.split('-').map(Number);
  return { min: min!, max: max! };
}

/** One request's delay: uniform in the range, from the portal's seeded stream (`random` in [0, 1)). */
export function latencyDelayMs(
  faults: Pick<FaultState, 'latencyMinMs' | 'latencyMaxMs'>,
  random: () => number,
): number {
  const span = faults.latencyMaxMs - faults.latencyMinMs;
  return faults.latencyMinMs + (span > 0 ? Math.round(random() * span) : 0);
}

/**
 * Parses `--faults` text: JSON (`{"slowMs":200}`) or a k=v list
 * (`maintenance=true,slowMs=200,layout=v2`). Throws with the bad key named.
 */
export function parseFaultsSpec(spec: string): FaultsInput {
  const text = spec.trim();
  let raw: Record<string, unknown>;
  if (text.startsWith('{')) {
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new Error('--faults: not valid JSON');
    }
  } else {
    raw = {};
    for (const part of text.split(/[,\s]+/).filter(Boolean)) {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? 'true' : part.slice(eq + 1);
      raw[key] = value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
    }
  }
  const parsed = FaultsInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue?.path.join('.') ?? '');
    throw new Error(`--faults: bad fault "${key}": ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
