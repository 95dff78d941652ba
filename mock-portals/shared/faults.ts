// Fault injection for the Availity-like portal. Faults are per server
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
    uploadFails: false,
    reconsiderationDecisionMs: 0,
  };
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
