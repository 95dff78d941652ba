// Challenges: what parked logins are waiting for a person to answer (a code
// sent by SMS or e-mail, a CAPTCHA), with the page the bot saw and a form for
// the answer. The form posts to /dashboard (the session cookie is
// SameSite=Strict, so another site cannot answer on a user's behalf).
import { z } from 'zod';
import {
  answerChallenge,
  challengeScreenshot,
  listChallenges,
  type ChallengeView,
} from '../../../platform/challenges/store.ts';
import { principalOf } from '../../api/auth/plugin.ts';
import { ACCESS } from '../../api/auth/roles.ts';
import type { ApiApp, ApiDeps } from '../../api/plugins.ts';
import { AnswerBody } from '../../api/routes/challenges.ts';
import { IdParams } from '../../api/schemas.ts';
import { html, page, when } from '../html.ts';
import { text } from '../../../platform/text.ts';

const KIND_TEXT: Record<ChallengeView['kind'], string> = {
  otp_sms: 'Code sent by text message',
  otp_email: 'Code sent by e-mail',
  captcha: 'CAPTCHA',
  security_question: 'Security question',
};

const Notice = z.object({ done: text().max(200).optional() }).passthrough();

function pendingCard(c: ChallengeView) {
  const left = Math.max(0, Math.round((c.expiresAt.getTime() - Date.now()) / 1000));
  return html`<section class="thumb" style="width:auto" data-challenge="${c.id}">
    <h2>${KIND_TEXT[c.kind]}: ${c.portal}</h2>
    <p>Account <code>${c.credentialId}</code>, asked ${when(c.createdAt)}, ${left} s left.</p>
    <pre>${c.prompt}</pre>
    ${c.hasScreenshot ? html`<img src="/dashboard/challenges/${c.id}/screenshot.png" alt="What the portal showed the bot" style="max-width:640px;border:1px solid #d8dde3">` : ''}
    <form method="post" action="/dashboard/challenges/${c.id}" class="inline">
      <label>Answer <input name="answer" autocomplete="off" required maxlength="200"></label>
      <button type="submit">Send answer</button>
    </form></section>`;
}

export function registerChallengesPage(app: ApiApp, { db }: ApiDeps): void {
  app.get(
    '/challenges',
    { config: { roles: ACCESS.ops, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const notice = Notice.safeParse(request.query).data?.done;
      const all = await listChallenges(db, { limit: 50 });
      const pending = all.filter((c) => c.status === 'pending');
      const past = all.filter((c) => c.status !== 'pending');
      const body = html`${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}
      <p>Logins wait here for a person: type the code the portal sent, or the characters of the CAPTCHA. An unanswered challenge expires and its job ends <code>needs_human</code>; the account is not stopped.</p>
      <div id="pending">${pending.map(pendingCard)}</div>
      ${pending.length === 0 ? html`<p id="none">No login is waiting for an answer.</p>` : ''}
      <h2>Recent</h2>
      <table id="recent"><tr><th>Asked</th><th>Kind</th><th>Portal</th><th>Account</th><th>Status</th><th>Answered by</th></tr>
      ${past.map((c) => html`<tr><td>${when(c.createdAt)}</td><td>${KIND_TEXT[c.kind]}</td><td>${c.portal}</td><td><code>${c.credentialId}</code></td><td>${c.status}</td><td>${c.answeredBy ?? ''}</td></tr>`)}
      </table>`;
      return reply.type('text/html; charset=utf-8').send(page('Challenges', principalOf(request), body));
    },
  );

  app.get(
    '/challenges/:id/screenshot.png',
    { config: { roles: ACCESS.ops, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const id = IdParams.safeParse(request.params);
      const png = id.success ? await challengeScreenshot(db, id.data.id) : undefined;
      if (!png) return reply.code(404).type('text/plain').send('id: no such screenshot');
      return reply
        .header('content-type', 'image/png')
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(png);
    },
  );

  app.post(
    '/challenges/:id',
    { config: { roles: ACCESS.ops, dashboard: true }, schema: { hide: true } },
    async (request, reply) => {
      const id = IdParams.safeParse(request.params);
      const body = AnswerBody.safeParse(request.body ?? {});
      if (!id.success || !body.success)
        return reply
          .code(400)
          .type('text/plain')
          .send(id.success ? `answer: ${body.error?.issues[0]?.message ?? 'invalid'}` : 'id: must be a UUID');
      const who = principalOf(request);
      const outcome = await answerChallenge(db, id.data.id, body.data.answer, `${who.name} (${who.keyId})`);
      const done =
        outcome === 'answered'
          ? 'Answer sent: the login goes on.'
          : outcome === 'not_found'
            ? 'No such challenge.'
            : 'Too late: that challenge is no longer waiting.';
      request.log.info({ challengeId: id.data.id, keyId: who.keyId, outcome }, 'challenge answered from the dashboard');
      return reply.redirect(`/dashboard/challenges?done=${encodeURIComponent(done)}`, 303);
    },
  );
}
