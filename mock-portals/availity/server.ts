// HTTP routes of the Availity-like portal (fastify). Flow: login -> TOTP (or,
// with otpChannel, the code sent by SMS / e-mail: shared/second-factor.ts) ->
// home/payer picker -> claim status search -> results. Faults are applied in
// one onRequest hook so every portal page is affected alike; /__admin is not.
import { truthEnvelope } from '../shared/mock-portal.ts';
import { availityTruth } from './truth.ts';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import type { PortalAccount } from '../shared/accounts.ts';
import { availityAccounts, availityData, type AvailityClaim } from './data.ts';
import { beginSession, cookieValue, endSession, html, installPortalKit } from '../shared/portal-kit.ts';
import { defaultFaultState, type FaultsInput, type FaultState } from '../shared/faults.ts';
import { SessionStore, type PortalSession } from '../shared/sessions.ts';
import * as v1 from './views.ts';
import { detailPageV2, searchPageV2 } from './views-v2.ts';
import { registerRemittanceRoutes } from './remittance-routes.ts';
import { registerDisputeRoutes } from './dispute-routes.ts';
import type { ReconsiderationStore } from '../shared/reconsiderations.ts';
import { passwordChangedPage, passwordChangePage } from './views-account.ts';
import { PasswordBook } from '../shared/password-rules.ts';
import { codeSentOutOfBand, secondFactorPassed } from '../shared/second-factor.ts';

const COOKIE = 'ABSESSION';
const PAYERS = new Set(['all', 'aetna', 'cigna', 'anthem']);

export interface AvailityServer {
  app: FastifyInstance;
  faults: FaultState;
  sessions: SessionStore;
  applyFaults(input: FaultsInput): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    portalSession?: PortalSession;
  }
}

const isoDate = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);

export function buildAvailityServer(seed: number, initial: FaultsInput = {}): AvailityServer {
  const data = availityData(seed);
  const accounts = availityAccounts(seed);
  const byClaim = new Map(data.claims.map((c) => [c.claimNumber.toUpperCase(), c]));
  const sessions = new SessionStore();
  const faults = defaultFaultState();
  // The passwordExpiresFor fault and "Change password now": the shared rules and history.
  const passwords = new PasswordBook(accounts, faults);
  const app = Fastify({ logger: false });
  // Set once the dispute routes are registered (below); the ground truth lists its submissions.
  let disputes: ReconsiderationStore | undefined;

  const applyFaults = installPortalKit(
    app,
    {
      seed,
      truth: () =>
        truthEnvelope(seed, 'availity', { ...availityTruth(seed), reconsiderations: disputes?.list() ?? [] }),
      sessions,
      faults,
      defaultFaults: defaultFaultState,
      cookie: COOKIE,
      maintenanceRetryAfterSec: 300,
      maintenancePage: v1.maintenancePage,
      tooManyRequestsPage: v1.tooManyRequestsPage,
      usernameOf: (id) => accounts.find((a) => a.id === id)?.username,
      loginPath: '/login',
      // "Change password now" on an expiry notice: the same rules as the forced change.
      changePassword: (accountId, form) => {
        const account = accounts.find((a) => a.id === accountId);
        return account ? passwords.change(account, form) : 'Unknown account.';
      },
      attachSession: (req, s) => {
        req.portalSession = s;
      },
    },
    initial,
  );

  /** Guards signed-in pages: no session -> login; half-signed-in -> TOTP. */
  async function requireActive(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const s = req.portalSession;
    if (!s) {
      const had = cookieValue(req, COOKIE) !== undefined;
      return void reply.redirect(had ? '/login?expired=1' : '/login', 303);
    }
    if (s.stage === 'password') return void reply.redirect('/password/change', 303);
    if (s.stage !== 'active') return void reply.redirect('/mfa', 303);
  }
  const guarded = { preHandler: requireActive };
  const accountOf = (s: PortalSession): PortalAccount => accounts.find((a) => a.id === s.accountId) as PortalAccount;

  app.get('/', async (req, reply) => reply.redirect(req.portalSession?.stage === 'active' ? '/home' : '/login', 303));

  app.get('/login', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    return html(
      reply,
      v1.loginPage({
        notice: q.taken
          ? 'You were signed out because your user ID signed in from another location.'
          : q.expired
            ? 'Your session has expired. Please sign in again.'
            : q.signedOut
              ? 'You have signed out.'
              : undefined,
      }),
    );
  });

  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const userId = (body.userId ?? '').trim();
    sessions.counters.passwordAttempts++;
    const account = accounts.find((a) => a.username.toLowerCase() === userId.toLowerCase());
    if (account && sessions.isLocked(account.id)) return html(reply, v1.lockedPage());
    if (!account || account.password !== body.password) {
      sessions.counters.failedPasswords++;
      if (account && sessions.badPassword(account.id, faults.lockoutAfter)) return html(reply, v1.lockedPage());
      const left = account ? sessions.remainingAttempts(account.id, faults.lockoutAfter) : undefined;
      const suffix =
        left !== undefined && left <= 2
          ? ` ${left} attempt${left === 1 ? '' : 's'} remaining before your account is locked.`
          : '';
      return html(
        reply,
        v1.loginPage({ error: `The user ID or password you entered is incorrect.${suffix}`, username: userId }),
      );
    }
    const session = beginSession(req, reply, sessions, COOKIE, account.id, 'Lax');
    // A code sent by SMS or e-mail (the shared code hurdle) replaces the TOTP page.
    return codeSentOutOfBand(faults) ? afterSecondFactor(session, reply) : reply.redirect('/mfa', 303);
  });

  /** After a good TOTP, or a good password when the code goes out of band: a forced password change, or home. */
  function afterSecondFactor(s: PortalSession, reply: FastifyReply): FastifyReply {
    secondFactorPassed(sessions, s);
    if (passwords.mustChange(accountOf(s))) {
      s.stage = 'password';
      return reply.redirect('/password/change', 303);
    }
    return reply.redirect('/home', 303);
  }

  app.get('/mfa', async (req, reply) => {
    const s = req.portalSession;
    if (!s) return reply.redirect('/login', 303);
    if (s.stage === 'active') return reply.redirect('/home', 303);
    if (s.stage === 'password') return reply.redirect('/password/change', 303);
    return html(reply, v1.mfaPage({ rechallenge: s.rechallenge }));
  });

  app.post('/mfa', async (req, reply) => {
    const s = req.portalSession;
    if (!s) return reply.redirect('/login?expired=1', 303);
    if (s.stage !== 'mfa') return reply.redirect('/home', 303);
    sessions.counters.mfaAttempts++;
    const code = String((req.body as Record<string, unknown> | undefined)?.code ?? '').trim();
    const secret = Secret.fromBase32(accountOf(s).totpSecret);
    const ok = /^\d{6}$/.test(code) && TOTP.validate({ token: code, secret, window: 1 }) !== null;
    if (!ok) {
      sessions.counters.failedMfa++;
      if (++s.mfaFailures >= 5) {
        sessions.destroy(s.id);
        return html(reply, v1.loginPage({ error: 'Too many incorrect verification codes. Sign in again.' }));
      }
      return html(
        reply,
        v1.mfaPage({
          error: 'That code is not valid. Enter the current code from your authenticator app.',
          rechallenge: s.rechallenge,
        }),
      );
    }
    return afterSecondFactor(s, reply);
  });
  // The passwordExpiresFor fault: that account must choose a new password
  // (once: after a change the fault is spent for it).
  app.get('/password/change', async (req, reply) => {
    const s = req.portalSession;
    if (!s) return reply.redirect('/login', 303);
    if (s.stage !== 'password') return reply.redirect('/home', 303);
    return html(reply, passwordChangePage());
  });

  app.post('/password/change', async (req, reply) => {
    const s = req.portalSession;
    if (!s) return reply.redirect('/login?expired=1', 303);
    if (s.stage !== 'password') return reply.redirect('/home', 303);
    const problem = passwords.change(accountOf(s), req.body ?? {});
    if (problem) return html(reply, passwordChangePage({ error: problem }));
    s.stage = 'active';
    return html(reply, passwordChangedPage());
  });

  app.post('/logout', async (req, reply) => {
    endSession(req, reply, sessions, COOKIE);
    return reply.redirect('/login?signedOut=1', 303);
  });

  app.get('/home', guarded, async (req, reply) =>
    html(reply, v1.homePage(accountOf(req.portalSession as PortalSession).displayName)),
  );

  const searchPage = (payer: string, error?: string) =>
    faults.layout === 'v2' ? searchPageV2(payer, error) : v1.searchPage(payer, error);
  const payerOf = (raw: unknown): string => (typeof raw === 'string' && PAYERS.has(raw) ? raw : 'all');
  const payerMatches = (c: AvailityClaim, payer: string) => payer === 'all' || c.payerId === payer;

  app.get('/claims/status', guarded, async (req, reply) =>
    html(reply, searchPage(payerOf((req.query as Record<string, unknown>).payer))),
  );

  app.get('/claims/status/search', guarded, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const payer = payerOf(q.payer);
    const claimNumber = (q.claimNumber ?? '').trim();
    if (!claimNumber) return html(reply, searchPage(payer, 'Enter a claim number.'), 400);
    const claim = byClaim.get(claimNumber.toUpperCase());
    if (!claim || !payerMatches(claim, payer)) return html(reply, v1.notFoundPage());
    return reply.redirect(`/claims/status/detail/${encodeURIComponent(claim.claimNumber)}`, 303);
  });

  // Member searches are POSTed so member ids and birth dates stay out of URLs and access logs.
  // Like Availity's own claim status inquiry, a member search names one payer, the
  // provider's NPI, the member, the patient's birth date and a date-of-service range.
  app.post('/claims/status/member-search', guarded, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const payer = payerOf(b.payer);
    const memberId = (b.memberId ?? '').trim().toUpperCase();
    const npi = (b.npi ?? '').trim();
    if (payer === 'all') return html(reply, searchPage(payer, 'Choose the payer to search.'), 400);
    if (!/^\d{10}$/.test(npi)) return html(reply, searchPage(payer, 'Enter the 10-digit provider NPI.'), 400);
    if (!memberId || !isoDate(b.dosFrom) || !isoDate(b.dosTo))
      return html(reply, searchPage(payer, 'Enter a member ID and a date-of-service range.'), 400);
    if (!isoDate(b.dob)) return html(reply, searchPage(payer, "Enter the patient's date of birth."), 400);
    const matches = data.claims
      .filter(
        (c) =>
          c.memberId.toUpperCase() === memberId &&
          payerMatches(c, payer) &&
          c.provider.npi === npi &&
          c.patient.dateOfBirth === b.dob &&
          c.serviceDate >= (b.dosFrom as string) &&
          c.serviceDate <= (b.dosTo as string),
      )
      .sort((a, z) => a.serviceDate.localeCompare(z.serviceDate) || a.claimNumber.localeCompare(z.claimNumber));
    return html(reply, matches.length === 0 ? v1.notFoundPage() : v1.memberResultsPage(matches));
  });

  app.get('/claims/status/detail/:claimNumber', guarded, async (req, reply) => {
    const claim = byClaim.get(String((req.params as { claimNumber: string }).claimNumber).toUpperCase());
    if (!claim) return html(reply, v1.notFoundPage(), 404);
    return html(reply, faults.layout === 'v2' ? detailPageV2(claim) : v1.detailPage(claim));
  });

  registerRemittanceRoutes(app, { seed, faults, guarded });
  disputes = registerDisputeRoutes(app, {
    seed,
    faults,
    guarded,
    claimOf: (n) => byClaim.get(n.toUpperCase()),
    usernameOf: (req) => accountOf(req.portalSession as PortalSession).username,
  });

  app.setNotFoundHandler(async (_req, reply) =>
    html(reply, v1.shell({ title: 'Page not found', body: '<h1>Page not found</h1>' }), 404),
  );
  return { app, faults, sessions, applyFaults };
}
