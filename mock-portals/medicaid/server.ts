// HTTP routes of the Medicaid-like legacy portal (fastify). Flow: provider id
// + password -> terms interstitial (every session) -> workspace with a menu
// iframe and a work-area iframe -> claim inquiry by ICN / remittance advice
// list with 835 downloads. No MFA. Sessions die after a few idle minutes;
// an expired session sends any page (also inside a frame) to the logon page.
import { truthEnvelope } from '../shared/mock-portal.ts';
import { medicaidTruth } from './truth.ts';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { defaultFaultState, type FaultsInput, type FaultState } from '../shared/faults.ts';
import type { PortalAccount } from '../shared/accounts.ts';
import { claimView, medicaidAccounts, medicaidData } from './data.ts';
import { beginSession, cookieValue, endSession, html, installPortalKit } from '../shared/portal-kit.ts';
import { fromSlashDate } from './format.ts';
import { medicaidRaFiles } from './remits.ts';
import { raPdf } from './ra-pdf.ts';
import { MedicaidSessions, type MedicaidSession } from './sessions.ts';
import { registerPasswordChange } from './password.ts';
import * as v1 from './views.ts';
import { claimDetailPageV2, raPageV2 } from './views-v2.ts';

const COOKIE = 'MMISSESSIONID';
/** Idle session lifetime unless configured: "a few minutes", like the real portals. */
export const MEDICAID_DEFAULT_SESSION_TTL_MS = 5 * 60_000;

export interface MedicaidServer {
  app: FastifyInstance;
  faults: FaultState;
  sessions: MedicaidSessions;
  applyFaults(input: FaultsInput): void;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export function medicaidDefaultFaults(): FaultState {
  return { ...defaultFaultState(), sessionTtlMs: MEDICAID_DEFAULT_SESSION_TTL_MS };
}

export function buildMedicaidServer(seed: number, initial: FaultsInput = {}): MedicaidServer {
  const data = medicaidData(seed);
  const files = medicaidRaFiles(seed);
  const accounts = medicaidAccounts(seed);
  const byIcn = new Map(data.claims.map((c) => [c.icn, c]));
  const plbNet = new Map(
    data.cycles.map((c) => [c.paymentDate, c.providerAdjustments.reduce((s, a) => s + a.amountCents, 0)]),
  );
  const sessions = new MedicaidSessions();
  const faults = medicaidDefaultFaults();
  const app = Fastify({ logger: false });

  // MedicaidSessions has no rechallengeAll: the mfaRechallenge fault is accepted
  // (same keys on every portal) and ignored, as this portal has no MFA, unless
  // otpChannel sends codes here too: then the shared code hurdle asks again.
  const applyFaults = installPortalKit(
    app,
    {
      seed,
      truth: () => truthEnvelope(seed, 'medicaid', medicaidTruth(seed)),
      sessions,
      faults,
      defaultFaults: medicaidDefaultFaults,
      cookie: COOKIE,
      maintenanceRetryAfterSec: 600,
      maintenancePage: v1.maintenancePage,
      tooManyRequestsPage: v1.tooManyRequestsPage,
      usernameOf: (id) => accounts.find((a) => a.id === id)?.username,
      attachSession: (req, s) => {
        req.medicaidSession = s;
      },
    },
    initial,
  );

  /** Signed-in pages: no session -> logon (noting expiry); terms not accepted -> terms. */
  async function requireActive(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const s = req.medicaidSession;
    if (!s) return void reply.redirect(cookieValue(req, COOKIE) !== undefined ? '/login?expired=1' : '/login', 303);
    if (s.stage !== 'active') return void reply.redirect('/terms', 303);
  }
  const guarded = { preHandler: requireActive };
  const accountOf = (s: MedicaidSession): PortalAccount => accounts.find((a) => a.id === s.accountId) as PortalAccount;
  const mustChangePassword = registerPasswordChange(app, { accounts, faults, accountOf });

  app.get('/', async (req, reply) => reply.redirect(req.medicaidSession?.stage === 'active' ? '/main' : '/login', 303));

  app.get('/login', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const notice = q.expired
      ? 'YOUR SESSION HAS EXPIRED. PLEASE LOG ON AGAIN.'
      : q.signedOut
        ? 'YOU HAVE LOGGED OFF.'
        : undefined;
    return html(reply, v1.loginPage(notice ? { notice } : {}));
  });

  app.post('/login', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const providerId = str(body.providerId);
    sessions.counters.passwordAttempts++;
    const account = accounts.find((a) => a.username === providerId);
    if (account && sessions.isLocked(account.id)) return html(reply, v1.lockedPage());
    if (!account || account.password !== body.password) {
      sessions.counters.failedPasswords++;
      if (account && sessions.badPassword(account.id, faults.lockoutAfter)) return html(reply, v1.lockedPage());
      return html(reply, v1.loginPage({ error: 'INVALID PROVIDER ID OR PASSWORD.', providerId }));
    }
    const s = beginSession(req, reply, sessions, COOKIE, account.id, 'Lax');
    if (mustChangePassword(account)) {
      s.stage = 'password';
      return reply.redirect('/password/change', 303);
    }
    return reply.redirect('/terms', 303);
  });

  app.get('/terms', async (req, reply) => {
    const s = req.medicaidSession;
    if (!s) return reply.redirect('/login', 303);
    if (s.stage === 'active') return reply.redirect('/main', 303);
    if (s.stage === 'password') return reply.redirect('/password/change', 303);
    return html(reply, v1.termsPage());
  });

  app.post('/terms', async (req, reply) => {
    const s = req.medicaidSession;
    if (!s) return reply.redirect('/login?expired=1', 303);
    if (s.stage === 'active') return reply.redirect('/main', 303);
    if (s.stage === 'password') return reply.redirect('/password/change', 303);
    if (str((req.body as Record<string, unknown> | undefined)?.accept) !== 'Y') {
      return html(reply, v1.termsPage('YOU MUST ACCEPT THE TERMS AND CONDITIONS TO CONTINUE.'));
    }
    s.stage = 'active';
    sessions.counters.termsAccepted++;
    sessions.counters.logins++;
    return reply.redirect('/main', 303);
  });

  app.get('/logoff', async (req, reply) => {
    endSession(req, reply, sessions, COOKIE);
    return reply.redirect('/login?signedOut=1', 303);
  });

  app.get('/main', guarded, async (req, reply) => {
    const s = req.medicaidSession as MedicaidSession;
    const acct = accountOf(s);
    return html(reply, v1.workspacePage(acct.displayName, acct.username, '/welcome'));
  });
  app.get('/nav', guarded, async (_req, reply) => html(reply, v1.navPage()));
  app.get('/welcome', guarded, async (_req, reply) => html(reply, v1.welcomePage()));
  app.get('/claims/inquiry', guarded, async (_req, reply) => html(reply, v1.claimInquiryPage()));

  app.get('/claims/inquiry/result', guarded, async (req, reply) => {
    const icn = str((req.query as Record<string, unknown>).icn);
    if (!/^\d{13}$/.test(icn)) return html(reply, v1.claimInquiryPage('ICN MUST BE 13 DIGITS.'));
    const claim = byIcn.get(icn);
    if (!claim) return html(reply, v1.claimNotFoundPage());
    const view = claimView(data, claim);
    return html(reply, faults.layout === 'v2' ? claimDetailPageV2(claim, view) : v1.claimDetailPage(claim, view));
  });

  // Recipient searches are POSTed so recipient ids and birth dates stay out of URLs and access logs.
  app.post('/claims/inquiry/recipient', guarded, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const recipientId = str(b.recipientId).toUpperCase();
    const dob = fromSlashDate(str(b.dob));
    const from = fromSlashDate(str(b.fromDos));
    const to = fromSlashDate(str(b.toDos));
    if (!/^[A-Z0-9]{6,20}$/.test(recipientId)) return html(reply, v1.claimInquiryPage('ENTER A VALID RECIPIENT ID.'));
    if (!dob) return html(reply, v1.claimInquiryPage('DATE OF BIRTH MUST BE MM/DD/YYYY.'));
    if (!from || !to || from > to) return html(reply, v1.claimInquiryPage('ENTER A VALID DOS RANGE (MM/DD/YYYY).'));
    const found = data.claims
      .filter(
        (c) =>
          c.memberId.toUpperCase() === recipientId &&
          c.patient.dateOfBirth === dob &&
          c.serviceDate >= from &&
          c.serviceDate <= to,
      )
      .sort((a, z) => a.serviceDate.localeCompare(z.serviceDate) || a.icn.localeCompare(z.icn));
    return html(reply, found.length === 0 ? v1.recipientNotFoundPage() : v1.recipientResultsPage(found));
  });

  app.get('/ra', guarded, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const page = faults.layout === 'v2' ? raPageV2 : v1.raPage;
    if (q.from === undefined && q.to === undefined) return html(reply, page());
    const from = fromSlashDate(str(q.from));
    const to = fromSlashDate(str(q.to));
    if (!from || !to) return html(reply, page('INVALID DATE. ENTER DATES AS MM/DD/YYYY.'));
    if (from > to) return html(reply, page('FROM DATE MUST NOT BE AFTER TO DATE.'));
    const matching = files.filter((f) => f.paymentDate >= from && f.paymentDate <= to).reverse(); // newest first
    const pages = Math.max(1, Math.ceil(matching.length / v1.RA_PAGE_SIZE));
    const pageNo = Math.min(pages, Math.max(1, Number.parseInt(str(q.page), 10) || 1));
    return html(
      reply,
      page(undefined, {
        from: str(q.from),
        to: str(q.to),
        files: matching,
        page: pageNo,
        plbNet: (f) => plbNet.get(f.paymentDate) ?? 0,
      }),
    );
  });

  app.get('/ra/download/:id', guarded, async (req, reply) => {
    const file = files.find((f) => f.id === (req.params as { id: string }).id);
    if (!file) return html(reply, v1.notFoundPage(), 404);
    sessions.counters.downloads++;
    return reply
      .code(200)
      .type('application/edi-x12')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .send(file.text);
  });

  app.get('/ra/pdf/:id', guarded, async (req, reply) => {
    const file = files.find((f) => f.id === (req.params as { id: string }).id);
    if (!file) return html(reply, v1.notFoundPage(), 404);
    sessions.counters.downloads++;
    return reply
      .code(200)
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${file.pdfFileName}"`)
      .header('cache-control', 'no-store')
      .send(await raPdf(file));
  });

  app.setNotFoundHandler(async (_req, reply) => html(reply, v1.notFoundPage(), 404));
  return { app, faults, sessions, applyFaults };
}

declare module 'fastify' {
  interface FastifyRequest {
    medicaidSession?: MedicaidSession;
  }
}
