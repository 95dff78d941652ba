// The sign-in hurdles real portals put between a good password and the
// portal's pages (issue #14), for every mock portal at once: a security
// question, a one-time code sent by SMS or e-mail, a CAPTCHA, a "your password
// expires in N days" interstitial, a maintenance notice served with HTTP 200
// and a "Still there?" dialog that blocks the page after idle time. The portal
// kit calls `intercept` on every request: a signed-in session with a hurdle
// still to pass is sent to it, and after the last one back to the page it
// asked for, so each portal's own routes need no change. A session held at a
// forced password change or a terms page meets the identity checks (code,
// question, CAPTCHA) before that page (second-factor.ts `hurdleStageOf`).
import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultsInput, FaultState } from './faults.ts';
import type { HurdleStage } from './second-factor.ts';
import { securityAnswersOf } from './security-questions.ts';
import {
  captchaPage,
  captchaSvg,
  codePage,
  earlyChangedPage,
  earlyChangePage,
  expiryPage,
  type Hurdle,
  idlePopupScript,
  maintenanceNotice,
  PATHS,
  securityPage,
} from './hurdle-views.ts';

interface SessionHurdles {
  accountId: string;
  pending: Hurdle[];
  /** The page the session asked for when the first hurdle interrupted it. */
  next: string;
  question?: string;
  code?: string;
  /** Where the code went ("(***) ***-1234"). */
  sentTo?: string;
  /** The code is asked again (the mfaRechallenge fault): the page says why. */
  again?: boolean;
  captcha?: string;
}

/** One code the portal "sent" (GET /__admin/outbox). */
export interface OutboxMessage {
  username: string;
  channel: 'sms' | 'email';
  to: string;
  code: string;
  sentAt: string;
}

export interface HurdleOptions {
  seed: number;
  faults: FaultState;
  usernameOf: (accountId: string) => string | undefined;
  loginPath: string;
  /** Ends a session (the ignored idle dialog signs out). */
  destroy?: (sessionId: string) => void;
  /**
   * Changes an account's password before it expires (offered on the expiry
   * notice when the portal passes it): returns what is wrong, or undefined
   * when the password was changed.
   */
  changePassword?: PasswordChanger;
}

export type PasswordChanger = (
  accountId: string,
  form: { currentPassword: string; newPassword: string; confirmPassword: string },
) => string | undefined;

/** What the kit needs to know of a request's session: its id and account, once past its sign-in factors. */
export interface SignedIn {
  sessionId: string;
  accountId: string;
  stage: HurdleStage;
}

/** Hurdles that verify who signs in: they come before a forced password change or terms page; the expiry notice comes after. */
const IDENTITY_CHECKS: ReadonlySet<Hurdle> = new Set(['security', 'code', 'captcha']);

/** Merges the hurdle faults of a FaultsInput into the live state. */
export function applyHurdleFaults(faults: FaultState, f: FaultsInput): void {
  if (f.securityQuestion !== undefined) faults.securityQuestion = f.securityQuestion;
  if (f.otpChannel !== undefined) faults.otpChannel = f.otpChannel;
  if (f.captcha !== undefined) faults.captcha = f.captcha;
  if (f.idlePopup !== undefined) faults.idlePopup = f.idlePopup;
  if (f.idlePopupAfterMs !== undefined) faults.idlePopupAfterMs = f.idlePopupAfterMs;
  if (f.idlePopupLogoutMs !== undefined) faults.idlePopupLogoutMs = f.idlePopupLogoutMs;
  if (f.maintenance200 !== undefined) faults.maintenance200 = f.maintenance200;
  if (f.maintenanceBackAt !== undefined) faults.maintenanceBackAt = f.maintenanceBackAt;
  if (f.passwordExpiresInDays !== undefined) faults.passwordExpiresInDays = f.passwordExpiresInDays;
}

/** Days left for the account named by the passwordExpiresInDays fault (undefined: not this account). */
function expiryDays(faults: FaultState, username: string | undefined): number | undefined {
  const [who, days] = faults.passwordExpiresInDays.split(':');
  return username && who && days && who.toLowerCase() === username.toLowerCase() ? Number(days) : undefined;
}

const maskPhone = (seedText: string) =>
  `(***) ***-${String(seedText.length * 397)
    .padStart(4, '0')
    .slice(-4)}`;
const maskEmail = (username: string) => `${username.slice(0, 1)}***@${username.split('.').pop() ?? 'mail'}.example.com`;

export class Hurdles {
  private readonly bySession = new Map<string, SessionHurdles>();
  private readonly outbox: OutboxMessage[] = [];
  readonly counters = {
    securityQuestions: 0,
    codesSent: 0,
    captchas: 0,
    expiryNotices: 0,
    idleLogouts: 0,
    earlyPasswordChanges: 0,
  };

  constructor(private readonly opts: HurdleOptions) {}

  reset(): void {
    this.bySession.clear();
    this.outbox.length = 0;
    for (const k of Object.keys(this.counters) as (keyof typeof this.counters)[]) this.counters[k] = 0;
  }

  private hurdlesFor(accountId: string): Hurdle[] {
    const f = this.opts.faults;
    const list: Hurdle[] = [];
    if (f.securityQuestion) list.push('security');
    if (f.otpChannel) list.push('code');
    if (f.captcha) list.push('captcha');
    if (expiryDays(f, this.opts.usernameOf(accountId)) !== undefined) list.push('expiry');
    return list;
  }

  /**
   * Called for every portal request once the session is known. Returns true
   * when it answered the request (maintenance notice, redirect to a hurdle).
   */
  intercept(req: FastifyRequest, reply: FastifyReply, who: SignedIn | undefined): boolean {
    const f = this.opts.faults;
    if (f.maintenance200) {
      // Served with 200, as some portals do: only the words say it is maintenance.
      void reply
        .code(200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(maintenanceNotice(f.maintenanceBackAt));
      return true;
    }
    if (!who || isHurdlePath(req.url)) return false;
    let state = this.bySession.get(who.sessionId);
    if (!state) {
      state = { accountId: who.accountId, pending: this.hurdlesFor(who.accountId), next: '/' };
      this.bySession.set(who.sessionId, state);
    }
    const first = state.pending[0];
    if (!first || (who.stage === 'signing-in' && !IDENTITY_CHECKS.has(first))) return false;
    if (req.method === 'GET' && state.next === '/') state.next = req.url;
    void reply.redirect(PATHS[first], 303);
    return true;
  }

  /**
   * The mfaRechallenge fault with the code sent out of band: every session
   * that passed its code is asked for a new one (sent again) at its next
   * request, then sent back to the page it asked for. Sessions not seen yet
   * meet the code hurdle anyway.
   */
  askCodeAgain(): void {
    for (const state of this.bySession.values()) {
      if (state.pending.length === 0) state.next = '/';
      state.pending = ['code', ...state.pending.filter((h) => h !== 'code')];
      state.code = undefined;
      state.again = true;
    }
  }

  /** Where a session goes after passing a hurdle: the next hurdle, or the page it asked for. */
  private passed(state: SessionHurdles, reply: FastifyReply): FastifyReply {
    state.pending.shift();
    const next = state.pending[0];
    return reply.redirect(next ? PATHS[next] : state.next, 303);
  }

  /** Registers the hurdle pages, the idle-dialog script and the admin outbox. */
  register(app: FastifyInstance, sessionOf: (req: FastifyRequest) => SignedIn | undefined): void {
    const stateOf = (req: FastifyRequest, hurdle: Hurdle): SessionHurdles | undefined => {
      const who = sessionOf(req);
      const state = who ? this.bySession.get(who.sessionId) : undefined;
      return state && state.pending[0] === hurdle ? state : undefined;
    };
    const send = (reply: FastifyReply, body: string) =>
      reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
    const field = (req: FastifyRequest, name: string) =>
      String((req.body as Record<string, unknown> | undefined)?.[name] ?? '').trim();
    const away = (reply: FastifyReply) => reply.redirect('/', 303);

    app.get(PATHS.security, async (req, reply) => {
      const s = stateOf(req, 'security');
      if (!s) return away(reply);
      if (!s.question) {
        const questions = Object.keys(securityAnswersOf(this.opts.seed, s.accountId));
        s.question = questions[randomInt(questions.length)] as string;
        this.counters.securityQuestions++;
      }
      return send(reply, securityPage(s.question));
    });
    app.post(PATHS.security, async (req, reply) => {
      const s = stateOf(req, 'security');
      if (!s?.question) return away(reply);
      const expected = securityAnswersOf(this.opts.seed, s.accountId)[s.question] ?? '';
      if (field(req, 'answer').toLowerCase() !== expected.toLowerCase())
        return send(reply, securityPage(s.question, 'That answer does not match our records.'));
      return this.passed(s, reply);
    });

    app.get(PATHS.code, async (req, reply) => {
      const s = stateOf(req, 'code');
      if (!s) return away(reply);
      const channel = this.opts.faults.otpChannel || 'sms';
      const username = this.opts.usernameOf(s.accountId) ?? s.accountId;
      const to = channel === 'sms' ? maskPhone(username) : maskEmail(username);
      if (!s.code || (req.query as Record<string, unknown>).resend) {
        s.code = String(randomInt(1_000_000)).padStart(6, '0');
        s.sentTo = to;
        this.outbox.push({ username, channel, to, code: s.code, sentAt: new Date().toISOString() });
        this.counters.codesSent++;
      }
      return send(reply, codePage(channel, to, { again: s.again }));
    });
    app.post(PATHS.code, async (req, reply) => {
      const s = stateOf(req, 'code');
      if (!s?.code) return away(reply);
      const channel = this.opts.faults.otpChannel || 'sms';
      if (field(req, 'code') !== s.code)
        return send(reply, codePage(channel, s.sentTo ?? '', { again: s.again, error: 'That code is not valid.' }));
      s.again = false;
      return this.passed(s, reply);
    });

    app.get(PATHS.captcha, async (req, reply) => {
      const s = stateOf(req, 'captcha');
      if (!s) return away(reply);
      if (!s.captcha) {
        s.captcha = Array.from({ length: 6 }, () => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[randomInt(31)]).join('');
        this.counters.captchas++;
      }
      return send(reply, captchaPage());
    });
    app.get(`${PATHS.captcha}/image.svg`, async (req, reply) => {
      const s = stateOf(req, 'captcha');
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'no-store')
        .send(captchaSvg(s?.captcha ?? '------'));
    });
    app.post(PATHS.captcha, async (req, reply) => {
      const s = stateOf(req, 'captcha');
      if (!s?.captcha) return away(reply);
      if (field(req, 'answer').toUpperCase() !== s.captcha) {
        s.captcha = undefined; // a new image after a wrong answer, as real CAPTCHAs do
        return reply.redirect(`${PATHS.captcha}?wrong=1`, 303);
      }
      return this.passed(s, reply);
    });

    app.get(PATHS.expiry, async (req, reply) => {
      const s = stateOf(req, 'expiry');
      if (!s) return away(reply);
      this.counters.expiryNotices++;
      const days = expiryDays(this.opts.faults, this.opts.usernameOf(s.accountId)) ?? 0;
      return send(reply, expiryPage(days, this.opts.changePassword !== undefined));
    });
    // Changing the password now, from the notice (portals that offer it).
    app.get(`${PATHS.expiry}/change`, async (req, reply) =>
      stateOf(req, 'expiry') && this.opts.changePassword ? send(reply, earlyChangePage()) : away(reply),
    );
    app.post(`${PATHS.expiry}/change`, async (req, reply) => {
      const s = stateOf(req, 'expiry');
      if (!s || !this.opts.changePassword) return away(reply);
      const problem = this.opts.changePassword(s.accountId, {
        currentPassword: field(req, 'currentPassword'),
        newPassword: field(req, 'newPassword'),
        confirmPassword: field(req, 'confirmPassword'),
      });
      if (problem) return send(reply, earlyChangePage(problem));
      this.counters.earlyPasswordChanges++;
      s.pending.shift();
      const next = s.pending[0];
      return send(reply, earlyChangedPage(next ? PATHS[next] : s.next));
    });
    app.post(PATHS.expiry, async (req, reply) => {
      const s = stateOf(req, 'expiry');
      return s ? this.passed(s, reply) : away(reply);
    });

    // The idle dialog: "Continue" keeps the session; an ignored dialog ends it.
    app.get('/session/keepalive', async (_req, reply) => reply.code(204).send());
    app.get('/session/idle-logout', async (req, reply) => {
      const who = sessionOf(req);
      if (who) {
        this.opts.destroy?.(who.sessionId);
        this.counters.idleLogouts++;
      }
      return reply.redirect(`${this.opts.loginPath}?expired=1`, 303);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      const f = this.opts.faults;
      if (!f.idlePopup || typeof payload !== 'string' || sessionOf(req)?.stage !== 'signed-in') return payload;
      if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
      // The dialog belongs to the top-level page, not to each frame of a frameset (the Medicaid-like portal).
      const dest = req.headers['sec-fetch-dest'];
      if (dest !== undefined && dest !== 'document') return payload;
      const script = idlePopupScript(f.idlePopupAfterMs, f.idlePopupLogoutMs);
      return payload.includes('</body>') ? payload.replace('</body>', `${script}</body>`) : payload + script;
    });

    app.get('/__admin/outbox', async (req) => {
      const username = String((req.query as Record<string, unknown>).username ?? '').toLowerCase();
      return { messages: this.outbox.filter((m) => !username || m.username.toLowerCase() === username) };
    });
    // What the current CAPTCHA of each session reads, for tests standing in for the person.
    app.get('/__admin/captchas', async () => ({
      captchas: [...this.bySession.values()]
        .filter((s) => s.captcha && s.pending[0] === 'captcha')
        .map((s) => ({ username: this.opts.usernameOf(s.accountId) ?? s.accountId, text: s.captcha })),
    }));
  }
}

const isHurdlePath = (url: string) => /^\/(challenge|notice)\/|^\/session\/(keepalive|idle-logout)/.test(url);
