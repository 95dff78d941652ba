// Plumbing every mock portal shares: HTML replies, cookie reading, the
// urlencoded form parser, fault state changes, the one onRequest hook that
// applies faults (so every portal page is affected alike) and the /__admin
// test controls. Each portal passes in only what really differs: its session
// store and cookie, how the session is attached to the request, its
// maintenance / rate-limit pages, the maintenance Retry-After and its default
// faults.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountLedger } from './account-ledger.ts';
import { applyHurdleFaults, Hurdles, type PasswordChanger, type SignedIn } from './hurdles.ts';
import { FaultsInput, type FaultState, latencyDelayMs, latencyRange } from './faults.ts';
import { mulberry32 } from './prng.ts';
import { hurdleStageOf, rechallengeSignedIn } from './second-factor.ts';

/** What the kit needs from a portal's session store (SessionStore, MedicaidSessions). */
export interface KitSessionStore<S> {
  readonly counters: { requests: number; rateLimited: number };
  get(id: string | undefined, ttlMs: number): S | undefined;
  expireAll(): void;
  /** Absent on portals without MFA: the mfaRechallenge fault is accepted and ignored there. */
  rechallengeAll?(): void;
  reset(): void;
  stats(): object;
  /** Per-account sign-ins and the sessionsPerAccount fault (absent: neither is offered). */
  readonly ledger?: AccountLedger;
  /** Ends one session (an ignored "Still there?" dialog signs out). */
  destroy?(id: string): void;
}

export interface PortalKitOptions<S> {
  seed: number;
  /** What `GET /__admin/truth` serves: this portal's ground truth. */
  truth: () => unknown;
  sessions: KitSessionStore<S>;
  /** Live fault state, mutated in place (the portal's routes read it). */
  faults: FaultState;
  /** Fault state POST /__admin/reset restores. */
  defaultFaults: () => FaultState;
  cookie: string;
  /** Retry-After (seconds) sent with the maintenance 503. */
  maintenanceRetryAfterSec: number;
  maintenancePage: () => string;
  tooManyRequestsPage: (retryAfterSec: number) => string;
  /** Stores the cookie's live session (or undefined) on the request for the portal's routes. */
  attachSession: (req: FastifyRequest, session: S | undefined) => void;
  /** The account id -> username of the portal's accounts, for `GET /__admin/stats` logins. */
  usernameOf?: (accountId: string) => string | undefined;
  /**
   * The sign-in page a session ended by a newer sign-in of its account is sent
   * to (with `?taken=1`, so it can say why); without it such a session looks expired.
   */
  loginPath?: string;
  /**
   * The session's id, account and hurdle stage, for the sign-in hurdles
   * (hurdles.ts). Default: a session `{id, accountId, stage}` read by
   * second-factor.ts `hurdleStageOf` ('active' signed in, 'password' at a
   * forced password change, 'terms' at a terms page), which is how every mock
   * portal's sessions look.
   */
  signedIn?: (session: S) => SignedIn | undefined;
  /** Offered on the password expiry notice ("Change password now"); absent: the notice only warns. */
  changePassword?: PasswordChanger;
}

function sessionPastSignIn(session: unknown): SignedIn | undefined {
  const s = session as { id?: unknown; accountId?: unknown; stage?: unknown } | undefined;
  const stage = hurdleStageOf(s?.stage);
  return s && stage && typeof s.id === 'string' && typeof s.accountId === 'string'
    ? { sessionId: s.id, accountId: s.accountId, stage }
    : undefined;
}

export function html(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

export function cookieValue(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Merges a FaultsInput into the live fault state; one-shot keys act on the sessions (and their hurdles). */
export function faultApplier<S>(
  faults: FaultState,
  sessions: KitSessionStore<S>,
  hurdles: Pick<Hurdles, 'askCodeAgain'>,
): (input: FaultsInput) => void {
  return (input) => {
    const f = FaultsInput.parse(input);
    if (f.maintenance !== undefined) faults.maintenance = f.maintenance;
    if (f.slowMs !== undefined) faults.slowMs = f.slowMs;
    if (f.rateLimit !== undefined) faults.rateLimitRemaining = f.rateLimit;
    if (f.retryAfterSec !== undefined) faults.retryAfterSec = f.retryAfterSec;
    if (f.layout !== undefined) faults.layout = f.layout;
    if (f.sessionTtlMs !== undefined) faults.sessionTtlMs = f.sessionTtlMs;
    if (f.lockoutAfter !== undefined) faults.lockoutAfter = f.lockoutAfter;
    if (f.sessionsPerAccount !== undefined) {
      faults.sessionsPerAccount = f.sessionsPerAccount;
      if (sessions.ledger) sessions.ledger.sessionsPerAccount = f.sessionsPerAccount;
    }
    if (f.passwordExpiresFor !== undefined) faults.passwordExpiresFor = f.passwordExpiresFor;
    applyHurdleFaults(faults, f);
    if (f.latencyMs !== undefined) {
      const r = latencyRange(f.latencyMs);
      faults.latencyMinMs = r.min;
      faults.latencyMaxMs = r.max;
    }
    if (f.uploadFails !== undefined) faults.uploadFails = f.uploadFails;
    if (f.reconsiderationDecisionMs !== undefined) faults.reconsiderationDecisionMs = f.reconsiderationDecisionMs;
    if (f.expireSessions) sessions.expireAll();
    if (f.mfaRechallenge) rechallengeSignedIn(faults, sessions, hurdles);
  };
}

/**
 * Installs the shared plumbing on a fresh app and applies the initial faults.
 * Call before registering the portal's own routes. Returns applyFaults.
 */
export function installPortalKit<S>(
  app: FastifyInstance,
  opts: PortalKitOptions<S>,
  initial: FaultsInput = {},
): (input: FaultsInput) => void {
  const { sessions, faults } = opts;
  const hurdles = new Hurdles({
    seed: opts.seed,
    faults,
    usernameOf: opts.usernameOf ?? (() => undefined),
    loginPath: opts.loginPath ?? '/',
    ...(sessions.destroy ? { destroy: (id: string) => sessions.destroy?.(id) } : {}),
    ...(opts.changePassword ? { changePassword: opts.changePassword } : {}),
  });
  const applyFaults = faultApplier(faults, sessions, hurdles);
  applyFaults(initial);
  const signedInOf = opts.signedIn ?? sessionPastSignIn;
  const signedIn = new WeakMap<FastifyRequest, SignedIn>();
  // The latencyMs fault's jitter: seeded, so a bench run's delays repeat run to run.
  const latencyRandom = mulberry32(opts.seed ^ 0x1a7e7c);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/__admin') || req.url === '/favicon.ico') return;
    sessions.counters.requests++;
    if (faults.slowMs > 0) await sleep(faults.slowMs);
    if (faults.latencyMaxMs > 0) await sleep(latencyDelayMs(faults, latencyRandom));
    if (faults.maintenance)
      return html(reply.header('retry-after', String(opts.maintenanceRetryAfterSec)), opts.maintenancePage(), 503);
    if (faults.rateLimitRemaining > 0) {
      faults.rateLimitRemaining--;
      sessions.counters.rateLimited++;
      return html(
        reply.header('retry-after', String(faults.retryAfterSec)),
        opts.tooManyRequestsPage(faults.retryAfterSec),
        429,
      );
    }
    const sid = cookieValue(req, opts.cookie);
    if (sessions.ledger?.wasTaken(sid)) {
      // This session was ended by a newer sign-in of its account elsewhere.
      sessions.ledger.noticeTaken(sid as string);
      if (opts.loginPath && !req.url.startsWith(opts.loginPath))
        return reply.redirect(`${opts.loginPath}?taken=1`, 303);
    }
    const session = sessions.get(sid, faults.sessionTtlMs);
    opts.attachSession(req, session);
    const who = session ? signedInOf(session) : undefined;
    if (who) signedIn.set(req, who);
    if (hurdles.intercept(req, reply, who)) return reply;
  });
  hurdles.register(app, (req) => signedIn.get(req));

  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());

  // Test and demo controls. Not part of the mocked portal; exempt from faults.
  // `logins` per username (the fleet view); `loginCount` is the portal-wide total.
  app.get('/__admin/stats', async () => {
    const stats = sessions.stats() as { logins?: number };
    const fleet = sessions.ledger?.adminStats(opts.usernameOf ?? ((id) => id));
    return { ...stats, loginCount: stats.logins ?? 0, ...(fleet ?? {}), hurdles: { ...hurdles.counters } };
  });
  app.get('/__admin/truth', async () => opts.truth());
  app.get('/__admin/faults', async () => ({ ...faults }));
  app.post('/__admin/faults', async (req, reply) => {
    const parsed = FaultsInput.safeParse(req.body ?? {});
    if (!parsed.success)
      return reply.code(400).send({
        error: parsed.error.issues
          .map((i) => `${i.path.join('.') || ('keys' in i ? String(i.keys) : '')}: ${i.message}`)
          .join('; '),
      });
    applyFaults(parsed.data);
    return { ...faults };
  });
  app.post('/__admin/reset', async () => {
    sessions.reset();
    hurdles.reset();
    Object.assign(faults, opts.defaultFaults());
    if (sessions.ledger) sessions.ledger.sessionsPerAccount = faults.sessionsPerAccount;
    return { ok: true };
  });

  return applyFaults;
}

/** What beginSession/endSession need from a portal's session store. */
export interface CookieSessionStore<S extends { id: string }> {
  create(accountId: string): S;
  destroy(id: string): void;
  goodPassword(accountId: string): void;
}

/** After a correct password: clears bad attempts, replaces the request's old session and sets the cookie. */
export function beginSession<S extends { id: string }>(
  req: FastifyRequest,
  reply: FastifyReply,
  sessions: CookieSessionStore<S>,
  cookie: string,
  accountId: string,
  sameSite: 'Lax' | 'Strict',
): S {
  sessions.goodPassword(accountId);
  const old = cookieValue(req, cookie);
  if (old) sessions.destroy(old);
  const s = sessions.create(accountId);
  reply.header('set-cookie', `${cookie}=${s.id}; Path=/; HttpOnly; SameSite=${sameSite}`);
  return s;
}

/** Sign-out: drops the request's session and expires the cookie. */
export function endSession(
  req: FastifyRequest,
  reply: FastifyReply,
  sessions: { destroy(id: string): void },
  cookie: string,
): void {
  const id = cookieValue(req, cookie);
  if (id) sessions.destroy(id);
  reply.header('set-cookie', `${cookie}=; Path=/; Max-Age=0`);
}
