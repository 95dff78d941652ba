// The dashboard: server-rendered pages on the API's fastify instance. Login
// exchanges an API key for a server-side session (dashboard/sessions.ts) whose
// random token is an httpOnly, SameSite=Strict cookie scoped to /dashboard
// (Secure when the request came over TLS, also through a trusted proxy); the
// key itself never goes into the cookie. Logout ends the session server-side.
// Login attempts are rate limited per client address (PORTALBOTS_LOGIN_RATE).
// Every page then goes through the same role checks as the API.
import { z } from 'zod';
import { authenticateApiKey } from '../api/auth/keys.ts';
import { readCookie, SESSION_COOKIE } from '../api/auth/plugin.ts';
import type { ApiApp, ApiDeps } from '../api/plugins.ts';
import { html, page } from './html.ts';
import { registerBullBoard } from './bull-board.ts';
import { registerClaimPages } from './pages/claims.ts';
import { registerDenialsPage } from './pages/denials.ts';
import { registerWorkItemActions } from './pages/work-item.ts';
import { registerAppealAction } from './pages/work-item-appeal.ts';
import { registerHomePage } from './pages/home.ts';
import { registerReportsPage } from './pages/reports.ts';
import { registerSchedulesPage } from './pages/schedules.ts';
import { registerChallengesPage } from './pages/challenges.ts';
import { registerAccountsPage } from './pages/accounts.ts';
import { closeSession, openSession, SESSION_SECONDS } from './sessions.ts';
import { text } from '../../platform/text.ts';

/** Only same-dashboard paths: an open redirect would turn login into a phishing aid. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/dashboard(\/[A-Za-z0-9/_.?=&%-]*)?$/.test(next) ? next : '/dashboard';

const LoginForm = z.object({
  key: text().trim().min(1, 'is required').max(200),
  next: text().max(500).optional(),
});

function loginPage(next: string, error?: string): string {
  return page(
    'Log in',
    null,
    html`${error ? html`<p class="bad" role="alert">${error}</p>` : ''}
      <form method="post" action="/dashboard/login" class="inline">
        <input type="hidden" name="next" value="${next}">
        <label>API key <input type="password" name="key" size="60" autocomplete="off" required></label>
        <button type="submit">Log in</button>
      </form>
      <p>Create a key with <code>portalbots apikey create --role ops --name you</code>.</p>`,
  );
}

export async function registerDashboard(app: ApiApp, deps: ApiDeps): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8192 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.get('/login', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    return reply.type('text/html; charset=utf-8').send(loginPage(next));
  });

  const loginRate = { max: deps.config.loginRatePerMinute ?? 10, timeWindow: 60_000 };
  app.post(
    '/login',
    { config: { public: true, rateLimit: loginRate }, schema: { hide: true } },
    async (request, reply) => {
      const form = LoginForm.safeParse(request.body ?? {});
      const next = safeNext((request.body as Record<string, unknown> | undefined)?.next);
      if (!form.success)
        return reply
          .code(400)
          .type('text/html; charset=utf-8')
          .send(loginPage(next, `key: ${form.error.issues[0]!.message}`));
      const principal = await authenticateApiKey(deps.db, form.data.key);
      if (!principal)
        return reply
          .code(401)
          .type('text/html; charset=utf-8')
          .send(loginPage(next, 'That API key is invalid or revoked.'));
      const token = await openSession(deps.db, principal);
      // request.protocol honours X-Forwarded-Proto from a trusted proxy (PORTALBOTS_API_TRUST_PROXY).
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header(
        'set-cookie',
        `${SESSION_COOKIE}=${token}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`,
      );
      request.log.info({ keyId: principal.keyId, role: principal.role }, 'dashboard login');
      return reply.redirect(next, 303);
    },
  );

  app.post('/logout', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await closeSession(deps.db, token);
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0`);
    return reply.redirect('/dashboard/login', 303);
  });

  registerHomePage(app, deps);
  registerSchedulesPage(app, deps);
  registerAccountsPage(app, deps);
  registerDenialsPage(app, deps);
  registerWorkItemActions(app, deps);
  registerAppealAction(app, deps);
  registerReportsPage(app, deps);
  registerClaimPages(app, deps);
  registerChallengesPage(app, deps);
  await registerBullBoard(app, deps);
}
