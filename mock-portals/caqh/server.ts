// HTTP routes of the CAQH-like credentialing portal (fastify). Flow: log in ->
// security verification (TOTP; with otpChannel, the code sent by SMS / e-mail
// instead: shared/second-factor.ts) -> dashboard -> provider roster (paginated,
// searchable by NPI or name) -> provider profile -> authorized plans tab.
// Faults are applied in one onRequest hook, as on the other mock portals;
// the fault keys (FaultsInput) are shared so one --faults spec drives all.
import { truthEnvelope } from '../shared/mock-portal.ts';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { z } from 'zod';
import { defaultFaultState, type FaultsInput, type FaultState } from '../shared/faults.ts';
import { SessionStore, type PortalSession } from '../shared/sessions.ts';
import type { PortalAccount } from '../shared/accounts.ts';
import { caqhAccounts, caqhData, caqhTruth, providerDisplayName, type CaqhProvider } from './data.ts';
import { beginSession, cookieValue, endSession, html, installPortalKit } from '../shared/portal-kit.ts';
import * as v1 from './views.ts';
import { codeSentOutOfBand, secondFactorPassed } from '../shared/second-factor.ts';
import { plansPageV2, profilePageV2, rosterPageV2 } from './views-v2.ts';

const COOKIE = 'PV_SESSION';
export const ROSTER_PAGE_SIZE = 15;

/** CAQH-like defaults differ from the payer portals: 3 strikes, 20-minute idle timeout. */
export function caqhDefaultFaults(): FaultState {
  return { ...defaultFaultState(), lockoutAfter: 3, sessionTtlMs: 20 * 60_000 };
}

export interface CaqhServer {
  app: FastifyInstance;
  faults: FaultState;
  sessions: SessionStore;
  applyFaults(input: FaultsInput): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    proviewSession?: PortalSession;
  }
}

const RosterQuery = z.object({
  q: z.string().trim().max(60, 'must be at most 60 characters').default(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** Roster search: digits match NPI or CAQH id prefixes, anything else matches names. */
export function searchRoster(providers: readonly CaqhProvider[], query: string): CaqhProvider[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...providers];
  if (/^\d+$/.test(q)) return providers.filter((p) => p.npi.startsWith(q) || p.caqhId.startsWith(q));
  return providers.filter((p) =>
    `${p.firstName} ${p.lastName}|${p.lastName}, ${p.firstName}|${providerDisplayName(p)}`.toLowerCase().includes(q),
  );
}

export function buildCaqhServer(seed: number, initial: FaultsInput = {}): CaqhServer {
  const data = caqhData(seed);
  const accounts = caqhAccounts(seed);
  const byId = new Map(data.providers.map((p) => [p.caqhId, p]));
  const sessions = new SessionStore();
  const faults = caqhDefaultFaults();
  const app = Fastify({ logger: false });

  const applyFaults = installPortalKit(
    app,
    {
      seed,
      truth: () => truthEnvelope(seed, 'caqh', caqhTruth(seed, caqhAccounts(seed))),
      sessions,
      faults,
      defaultFaults: caqhDefaultFaults,
      cookie: COOKIE,
      maintenanceRetryAfterSec: 600,
      maintenancePage: v1.maintenancePage,
      tooManyRequestsPage: v1.tooManyRequestsPage,
      usernameOf: (id) => accounts.find((a) => a.id === id)?.username,
      attachSession: (req, s) => {
        req.proviewSession = s;
      },
    },
    initial,
  );

  /** Signed-in pages: no session -> log in (with a timeout notice if a cookie was sent); half signed in -> verify. */
  async function requireActive(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const s = req.proviewSession;
    if (!s) return void reply.redirect(cookieValue(req, COOKIE) !== undefined ? '/signin?timeout=1' : '/signin', 302);
    if (s.stage !== 'active') return void reply.redirect('/signin/verify', 302);
  }
  const guarded = { preHandler: requireActive };
  const accountOf = (s: PortalSession): PortalAccount => accounts.find((a) => a.id === s.accountId) as PortalAccount;

  app.get('/', async (req, reply) =>
    reply.redirect(req.proviewSession?.stage === 'active' ? '/dashboard' : '/signin', 302),
  );

  app.get('/signin', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    return html(
      reply,
      v1.signInPage({
        notice: q.timeout
          ? 'Your session timed out due to inactivity. Please log in again.'
          : q.out
            ? 'You have logged out of ProView.'
            : undefined,
      }),
    );
  });

  app.post('/signin', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const username = (body.username ?? '').trim();
    sessions.counters.passwordAttempts++;
    const account = accounts.find((a) => a.username.toLowerCase() === username.toLowerCase());
    if (account && sessions.isLocked(account.id))
      return html(reply, v1.signInPage({ error: v1.LOCKED_MESSAGE, username }), 403);
    if (!account || account.password !== body.password) {
      sessions.counters.failedPasswords++;
      if (account && sessions.badPassword(account.id, faults.lockoutAfter))
        return html(reply, v1.signInPage({ error: v1.LOCKED_MESSAGE, username }), 403);
      return html(reply, v1.signInPage({ error: 'Invalid username or password.', username }), 401);
    }
    const session = beginSession(req, reply, sessions, COOKIE, account.id, 'Strict');
    if (!codeSentOutOfBand(faults)) return reply.redirect('/signin/verify', 302);
    // A code sent by SMS or e-mail (the shared code hurdle) replaces the security verification page.
    secondFactorPassed(sessions, session);
    return reply.redirect('/dashboard', 302);
  });

  app.get('/signin/verify', async (req, reply) => {
    const s = req.proviewSession;
    if (!s) return reply.redirect('/signin', 302);
    if (s.stage === 'active') return reply.redirect('/dashboard', 302);
    return html(reply, v1.verifyPage({ rechallenge: s.rechallenge }));
  });

  app.post('/signin/verify', async (req, reply) => {
    const s = req.proviewSession;
    if (!s) return reply.redirect('/signin?timeout=1', 302);
    if (s.stage === 'active') return reply.redirect('/dashboard', 302);
    sessions.counters.mfaAttempts++;
    const code = String((req.body as Record<string, unknown> | undefined)?.authCode ?? '').trim();
    const ok =
      /^\d{6}$/.test(code) &&
      TOTP.validate({ token: code, secret: Secret.fromBase32(accountOf(s).totpSecret), window: 1 }) !== null;
    if (!ok) {
      sessions.counters.failedMfa++;
      if (++s.mfaFailures >= 3) {
        sessions.destroy(s.id);
        return html(reply, v1.signInPage({ error: 'Too many invalid authentication codes. Log in again.' }), 401);
      }
      return html(
        reply,
        v1.verifyPage({ error: 'The authentication code is incorrect or has expired.', rechallenge: s.rechallenge }),
        401,
      );
    }
    secondFactorPassed(sessions, s);
    return reply.redirect('/dashboard', 302);
  });

  app.post('/signout', async (req, reply) => {
    endSession(req, reply, sessions, COOKIE);
    return reply.redirect('/signin?out=1', 302);
  });

  app.get('/dashboard', guarded, async (req, reply) =>
    html(
      reply,
      v1.dashboardPage(
        accountOf(req.proviewSession as PortalSession).displayName,
        data.organization,
        data.providers.length,
      ),
    ),
  );

  app.get('/roster', guarded, async (req, reply) => {
    const parsed = RosterQuery.safeParse(req.query ?? {});
    const query = parsed.success ? parsed.data.q : '';
    const matches = parsed.success ? searchRoster(data.providers, query) : [];
    const pages = Math.max(1, Math.ceil(matches.length / ROSTER_PAGE_SIZE));
    const pageNo = Math.min(parsed.success ? parsed.data.page : 1, pages);
    const start = (pageNo - 1) * ROSTER_PAGE_SIZE;
    const rows = matches.slice(start, start + ROSTER_PAGE_SIZE);
    const view: v1.RosterView = {
      query,
      page: pageNo,
      pages,
      total: matches.length,
      from: matches.length ? start + 1 : 0,
      to: start + rows.length,
      rows,
      ...(parsed.success ? {} : { error: `Search: ${parsed.error.issues[0]?.message ?? 'invalid'}` }),
    };
    return html(reply, faults.layout === 'v2' ? rosterPageV2(view) : v1.rosterPage(view), parsed.success ? 200 : 400);
  });

  const providerOf = (req: FastifyRequest): CaqhProvider | undefined =>
    byId.get(String((req.params as { caqhId: string }).caqhId));
  app.get('/providers/:caqhId', guarded, async (req, reply) => {
    const p = providerOf(req);
    if (!p) return html(reply, v1.providerNotFoundPage(), 404);
    return html(reply, faults.layout === 'v2' ? profilePageV2(p) : v1.profilePage(p));
  });
  app.get('/providers/:caqhId/plans', guarded, async (req, reply) => {
    const p = providerOf(req);
    if (!p) return html(reply, v1.providerNotFoundPage(), 404);
    return html(reply, faults.layout === 'v2' ? plansPageV2(p) : v1.plansPage(p));
  });

  app.setNotFoundHandler(async (_req, reply) => html(reply, v1.page('Page not found', '<h1>Page not found</h1>'), 404));
  return { app, faults, sessions, applyFaults };
}
