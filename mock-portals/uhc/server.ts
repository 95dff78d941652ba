// HTTP routes of the UHC-like portal (fastify). Flow: username -> password ->
// authenticator code (or, with otpChannel, the code sent by SMS / e-mail:
// shared/second-factor.ts) -> TIN picker -> claims (search by claim number, by
// member + DOB, or by date-of-service range; paginated results kept in the
// session; CSV export) -> claim details; Document Library with denial letters.
// Everything behind sign-in is scoped to the session's selected TIN. Faults
// are applied in one onRequest hook, with the FaultsInput keys every mock
// portal shares.
import { truthEnvelope } from '../shared/mock-portal.ts';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { z } from 'zod';
import { defaultFaultState, type FaultsInput, type FaultState } from '../shared/faults.ts';
import { SessionStore, type PortalSession } from '../shared/sessions.ts';
import type { PortalAccount } from '../shared/accounts.ts';
import {
  deniedCents,
  uhcAccounts,
  UHC_PAGE_SIZE,
  uhcAccountTins,
  uhcData,
  type UhcClaim,
  type UhcTin,
} from './data.ts';
import { beginSession, cookieValue, endSession, html, installPortalKit } from '../shared/portal-kit.ts';
import { parseUsDate } from './format.ts';
import * as v1 from './views.ts';
import { registerUhcPasswordChange } from './password.ts';
import { codeSentOutOfBand, secondFactorPassed } from '../shared/second-factor.ts';
import { claimNotOnTinPage, detailPage, noClaimsPage, resultsCsv, resultsPage, searchPage } from './views-claims.ts';
import { letterPage, letterPdf, libraryPage } from './views-docs.ts';
import { detailPageV2, letterPageV2, searchPageV2 } from './views-v2.ts';
import { registerPaymentRoutes } from './views-payments.ts';
import { uhcTruthWithPayments } from './truth.ts';
import { ReconsiderationStore } from '../shared/reconsiderations.ts';
import { seededReconsiderations, UHC_TRACKING_PREFIX } from './reconsideration-data.ts';
import { installReconsiderationRoutes } from './routes-reconsideration.ts';

const COOKIE = 'UC_SESSION';

/** UHC-like defaults: three strikes, 15-minute idle timeout. */
export function uhcDefaultFaults(): FaultState {
  return { ...defaultFaultState(), lockoutAfter: 3, sessionTtlMs: 15 * 60_000 };
}

export interface UhcServer {
  app: FastifyInstance;
  faults: FaultState;
  sessions: SessionStore;
  applyFaults(input: FaultsInput): void;
}

/** What the portal remembers per signed-in session besides sign-in state. */
interface SessionState {
  tin?: UhcTin;
  /** The last member or date-of-service search, for paging and CSV export. */
  results?: UhcClaim[];
}

declare module 'fastify' {
  interface FastifyRequest {
    uhcSession?: PortalSession;
  }
}

const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });
const LibraryQuery = PageQuery.extend({ claimNumber: z.string().trim().max(30).catch('').default('') });
const MEMBER_ID = /^[A-Za-z0-9]{6,20}$/;

/** Only same-site paths may be returned to after picking a TIN. */
const safeReturn = (v: unknown): string =>
  typeof v === 'string' && /^\/[a-z]/.test(v) && !v.startsWith('//') ? v : '/dashboard';

export function buildUhcServer(seed: number, initial: FaultsInput = {}): UhcServer {
  const data = uhcData(seed);
  const accounts = uhcAccounts(seed);
  const tinsOf = new Map(
    accounts.map((a, i) => [a.id, uhcAccountTins(data, i).map((t) => data.tins.find((x) => x.tin === t) as UhcTin)]),
  );
  const byClaim = new Map(data.claims.map((c) => [c.claimNumber.toUpperCase(), c]));
  const byDocument = new Map(data.claims.filter((c) => c.letter).map((c) => [c.letter?.documentId as string, c]));
  const sessions = new SessionStore();
  const state = new WeakMap<PortalSession, SessionState>();
  const faults = uhcDefaultFaults();
  const app = Fastify({ logger: false });
  const reconsiderations = new ReconsiderationStore({
    seed,
    portal: 'uhc',
    prefix: UHC_TRACKING_PREFIX,
    decisionDelayMs: () => faults.reconsiderationDecisionMs,
    deniedCents: (n) => {
      const c = byClaim.get(n.toUpperCase());
      return c ? deniedCents(c) : 0;
    },
    seeded: seededReconsiderations(seed),
  });

  const applyFaults = installPortalKit(
    app,
    {
      seed,
      truth: () =>
        truthEnvelope(seed, 'uhc', {
          ...uhcTruthWithPayments(seed, uhcAccounts(seed)),
          reconsiderations: reconsiderations.list(),
        }),
      sessions,
      faults,
      defaultFaults: uhcDefaultFaults,
      cookie: COOKIE,
      maintenanceRetryAfterSec: 900,
      maintenancePage: v1.maintenancePage,
      tooManyRequestsPage: v1.tooManyRequestsPage,
      usernameOf: (id) => accounts.find((a) => a.id === id)?.username,
      attachSession: (req, s) => {
        req.uhcSession = s;
      },
    },
    initial,
  );

  const stateOf = (s: PortalSession): SessionState => {
    let st = state.get(s);
    if (!st) state.set(s, (st = {}));
    return st;
  };
  const accountOf = (s: PortalSession): PortalAccount => accounts.find((a) => a.id === s.accountId) as PortalAccount;
  const active = (req: FastifyRequest): PortalSession => req.uhcSession as PortalSession;
  const mustChangePassword = registerUhcPasswordChange(app, { accounts, faults, accountOf });
  const tinOf = (req: FastifyRequest): UhcTin => stateOf(active(req)).tin as UhcTin;

  /** Signed-in pages: no session -> sign in (noting a timeout when a cookie came); half signed in -> verify. */
  async function requireActive(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const s = req.uhcSession;
    if (!s) return void reply.redirect(cookieValue(req, COOKIE) !== undefined ? '/login?timeout=1' : '/login', 302);
    if (s.stage === 'password') return void reply.redirect('/password/change', 302);
    if (s.stage !== 'active') return void reply.redirect('/verify', 302);
  }
  /** TIN-scoped pages also need a selected TIN. */
  async function requireTin(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    await requireActive(req, reply);
    if (reply.sent) return;
    if (!stateOf(active(req)).tin)
      return void reply.redirect(`/select-tin?returnTo=${encodeURIComponent(req.url)}`, 302);
  }
  const signedIn = { preHandler: requireActive };
  const withTin = { preHandler: requireTin };

  app.get('/', async (req, reply) => reply.redirect(req.uhcSession?.stage === 'active' ? '/dashboard' : '/login', 302));

  app.get('/login', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    return html(
      reply,
      v1.usernamePage({
        notice: q.timeout
          ? 'For your security, your session timed out. Please sign in again.'
          : q.out
            ? 'You have signed out.'
            : undefined,
      }),
    );
  });

  // Step one only asks for the username (no password attempt is counted yet).
  app.post('/login/username', async (req, reply) => {
    const username = String((req.body as Record<string, unknown> | undefined)?.username ?? '').trim();
    if (!username) return html(reply, v1.usernamePage({ error: 'Enter your One Healthcare ID.' }), 400);
    return html(reply, v1.passwordPage(username));
  });

  app.post('/login/password', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const username = (body.username ?? '').trim();
    sessions.counters.passwordAttempts++;
    const account = accounts.find((a) => a.username.toLowerCase() === username.toLowerCase());
    if (account && sessions.isLocked(account.id))
      return html(reply, v1.usernamePage({ error: v1.LOCKED_MESSAGE }), 403);
    if (!account || account.password !== body.password) {
      sessions.counters.failedPasswords++;
      if (account && sessions.badPassword(account.id, faults.lockoutAfter))
        return html(reply, v1.usernamePage({ error: v1.LOCKED_MESSAGE }), 403);
      return html(
        reply,
        v1.passwordPage(username, 'The One Healthcare ID or password you entered is not correct.'),
        401,
      );
    }
    const session = beginSession(req, reply, sessions, COOKIE, account.id, 'Lax');
    // A code sent by SMS or e-mail (the shared code hurdle) replaces the authenticator page.
    return codeSentOutOfBand(faults) ? afterSecondFactor(session, reply) : reply.redirect('/verify', 302);
  });

  /** After a good code (or a good password when the code goes out of band): a forced password change, or a TIN. */
  function afterSecondFactor(s: PortalSession, reply: FastifyReply): FastifyReply {
    const wasRechallenge = s.rechallenge;
    secondFactorPassed(sessions, s);
    if (mustChangePassword(accountOf(s))) {
      s.stage = 'password';
      return reply.redirect('/password/change', 302);
    }
    // A re-challenged session keeps its TIN; a new sign-in picks one.
    return reply.redirect(wasRechallenge && stateOf(s).tin ? '/dashboard' : '/select-tin', 302);
  }

  app.get('/verify', async (req, reply) => {
    const s = req.uhcSession;
    if (!s) return reply.redirect('/login', 302);
    if (s.stage === 'active') return reply.redirect('/dashboard', 302);
    return html(reply, v1.verifyPage({ rechallenge: s.rechallenge }));
  });

  app.post('/verify', async (req, reply) => {
    const s = req.uhcSession;
    if (!s) return reply.redirect('/login?timeout=1', 302);
    if (s.stage === 'active') return reply.redirect('/dashboard', 302);
    sessions.counters.mfaAttempts++;
    const code = String((req.body as Record<string, unknown> | undefined)?.otp ?? '').trim();
    const ok =
      /^\d{6}$/.test(code) &&
      TOTP.validate({ token: code, secret: Secret.fromBase32(accountOf(s).totpSecret), window: 1 }) !== null;
    if (!ok) {
      sessions.counters.failedMfa++;
      if (++s.mfaFailures >= 3) {
        sessions.destroy(s.id);
        return html(reply, v1.usernamePage({ error: 'Too many incorrect codes. Sign in again.' }), 401);
      }
      return html(
        reply,
        v1.verifyPage({ error: 'The code you entered is incorrect or expired.', rechallenge: s.rechallenge }),
        401,
      );
    }
    return afterSecondFactor(s, reply);
  });

  app.post('/logout', async (req, reply) => {
    endSession(req, reply, sessions, COOKIE);
    return reply.redirect('/login?out=1', 302);
  });

  app.get('/select-tin', signedIn, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    return html(reply, v1.tinPickerPage(tinsOf.get(active(req).accountId) ?? [], safeReturn(q.returnTo)));
  });

  app.post('/select-tin', signedIn, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const tins = tinsOf.get(active(req).accountId) ?? [];
    const tin = tins.find((t) => t.tin === b.tin);
    if (!tin)
      return html(
        reply,
        v1.tinPickerPage(tins, safeReturn(b.returnTo), 'Select one of the Tax IDs linked to your account.'),
        400,
      );
    const st = stateOf(active(req));
    st.tin = tin;
    delete st.results; // results belong to the TIN they were searched under
    return reply.redirect(safeReturn(b.returnTo), 302);
  });

  app.get('/dashboard', withTin, async (req, reply) =>
    html(reply, v1.dashboardPage(accountOf(active(req)).displayName, tinOf(req))),
  );

  const search = (tin: UhcTin, error?: string) =>
    faults.layout === 'v2' ? searchPageV2(tin, error) : searchPage(tin, error);
  app.get('/claims', withTin, async (req, reply) => html(reply, search(tinOf(req))));

  // Searches are POSTed so member ids and birth dates stay out of URLs and access logs.
  app.post('/claims/search', withTin, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const tin = tinOf(req);
    const inTin = data.claims.filter((c) => c.tin === tin.tin);
    const st = stateOf(active(req));
    if (b.mode === 'claim') {
      const claimNumber = (b.claimNumber ?? '').trim().toUpperCase();
      if (!/^[A-Z0-9-]{5,30}$/.test(claimNumber)) return html(reply, search(tin, 'Enter a valid claim number.'), 400);
      const claim = byClaim.get(claimNumber);
      if (!claim || claim.tin !== tin.tin) return html(reply, noClaimsPage(tin));
      return reply.redirect(`/claims/${encodeURIComponent(claim.claimNumber)}`, 302);
    }
    let results: UhcClaim[];
    if (b.mode === 'member') {
      const memberId = (b.memberId ?? '').trim();
      const dob = parseUsDate(b.dob);
      if (!MEMBER_ID.test(memberId)) return html(reply, search(tin, 'Enter a valid Member ID.'), 400);
      if (!dob) return html(reply, search(tin, 'Enter the patient date of birth as MM/DD/YYYY.'), 400);
      // The date-of-service range is optional: without it every claim of the member under this TIN is listed.
      const from = b.dosFrom?.trim() ? parseUsDate(b.dosFrom) : '0000-01-01';
      const to = b.dosTo?.trim() ? parseUsDate(b.dosTo) : '9999-12-31';
      if (!from || !to) return html(reply, search(tin, 'Enter service dates as MM/DD/YYYY.'), 400);
      if (from > to) return html(reply, search(tin, 'From Date of Service must not be after To Date of Service.'), 400);
      results = inTin.filter(
        (c) =>
          c.memberId.toUpperCase() === memberId.toUpperCase() &&
          c.patient.dateOfBirth === dob &&
          c.serviceDate >= from &&
          c.serviceDate <= to,
      );
    } else if (b.mode === 'dos') {
      const from = parseUsDate(b.dosFrom);
      const to = parseUsDate(b.dosTo);
      if (!from || !to) return html(reply, search(tin, 'Enter service dates as MM/DD/YYYY.'), 400);
      if (from > to) return html(reply, search(tin, 'Service Date From must not be after Service Date To.'), 400);
      results = inTin.filter((c) => c.serviceDate >= from && c.serviceDate <= to);
    } else {
      return html(reply, search(tin, 'Choose a search.'), 400);
    }
    if (results.length === 0) return html(reply, noClaimsPage(tin));
    // Newest date of service first, as the portal lists them.
    st.results = [...results].sort(
      (a, z) => z.serviceDate.localeCompare(a.serviceDate) || a.claimNumber.localeCompare(z.claimNumber),
    );
    return reply.redirect('/claims/results?page=1', 302);
  });

  app.get('/claims/results', withTin, async (req, reply) => {
    const results = stateOf(active(req)).results;
    if (!results) return reply.redirect('/claims', 302);
    const pages = Math.max(1, Math.ceil(results.length / UHC_PAGE_SIZE));
    const page = Math.min(PageQuery.parse(req.query ?? {}).page, pages);
    return html(reply, resultsPage({ tin: tinOf(req), claims: results, page, pageSize: UHC_PAGE_SIZE }));
  });

  app.get('/claims/results/export.csv', withTin, async (req, reply) => {
    const results = stateOf(active(req)).results;
    if (!results) return reply.redirect('/claims', 302);
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="claims-${tinOf(req).tin}.csv"`)
      .send(resultsCsv(results));
  });

  app.get('/claims/:claimNumber', withTin, async (req, reply) => {
    const claim = byClaim.get(String((req.params as { claimNumber: string }).claimNumber).toUpperCase());
    const tin = tinOf(req);
    if (!claim || claim.tin !== tin.tin) return html(reply, claimNotOnTinPage(tin), 404);
    return html(reply, faults.layout === 'v2' ? detailPageV2(claim, tin) : detailPage(claim, tin));
  });

  app.get('/documents', withTin, async (req, reply) => {
    const q = LibraryQuery.parse(req.query ?? {});
    const tin = tinOf(req);
    const want = q.claimNumber.toUpperCase();
    const letters = data.claims
      .filter((c) => c.letter && c.tin === tin.tin && (!want || c.claimNumber.toUpperCase() === want))
      .sort(
        (a, z) =>
          (z.letter?.letterDate ?? '').localeCompare(a.letter?.letterDate ?? '') ||
          a.claimNumber.localeCompare(z.claimNumber),
      );
    const pages = Math.max(1, Math.ceil(letters.length / UHC_PAGE_SIZE));
    return html(
      reply,
      libraryPage({
        tin,
        claims: letters,
        claimNumber: q.claimNumber,
        page: Math.min(q.page, pages),
        pageSize: UHC_PAGE_SIZE,
      }),
    );
  });

  /** The letter's claim when it belongs to the selected TIN. */
  const letterClaim = (req: FastifyRequest): UhcClaim | undefined => {
    const claim = byDocument.get(String((req.params as { id: string }).id));
    return claim && claim.tin === tinOf(req).tin ? claim : undefined;
  };
  app.get('/documents/:id', withTin, async (req, reply) => {
    const claim = letterClaim(req);
    if (!claim) return html(reply, v1.notFoundPage(true), 404);
    return html(reply, faults.layout === 'v2' ? letterPageV2(claim, tinOf(req)) : letterPage(claim, tinOf(req)));
  });
  app.get('/documents/:id/pdf', withTin, async (req, reply) => {
    const claim = letterClaim(req);
    if (!claim) return html(reply, v1.notFoundPage(true), 404);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${claim.letter?.documentId}.pdf"`)
      .send(await letterPdf(claim));
  });

  registerPaymentRoutes(app, { seed, withTin, tinOf });
  installReconsiderationRoutes(
    app,
    {
      store: reconsiderations,
      faults,
      claimOf: (n) => byClaim.get(n.toUpperCase()),
      withTin,
      session: active,
      tinOf,
      usernameOf: (req) => accountOf(active(req)).username,
    },
    deniedCents,
  );

  app.setNotFoundHandler(async (req, reply) => html(reply, v1.notFoundPage(req.uhcSession?.stage === 'active'), 404));
  return { app, faults, sessions, applyFaults };
}
