// The passwordExpiresFor fault on the UHC-like portal: after the
// authenticator code (when the code goes by SMS / e-mail, after the shared
// code hurdle, which holds this page until the code is entered), that account
// must choose a new password (shared rules: shared/password-rules.ts) before it reaches the TIN
// picker. Once changed, the fault is spent for that account.
import type { FastifyInstance } from 'fastify';
import type { PortalAccount } from '../shared/accounts.ts';
import type { FaultState } from '../shared/faults.ts';
import { PasswordBook } from '../shared/password-rules.ts';
import { html } from '../shared/portal-kit.ts';
import type { PortalSession } from '../shared/sessions.ts';
import { errorBox, shell } from './views.ts';

export interface UhcPasswordOptions {
  accounts: PortalAccount[];
  faults: FaultState;
  accountOf: (s: PortalSession) => PortalAccount;
}

function changePage(error?: string): string {
  return shell({
    title: 'Update Your Password',
    body: `<h1>Your password has expired</h1>${errorBox(error)}
<form method="post" action="/password/change" aria-label="Update your password" class="panel">
<p>Passwords must be changed every 60 days: at least 12 characters with an upper-case letter, a lower-case letter, a digit and a symbol, and none of your last 6 passwords.</p>
<label for="currentPassword">Current password</label><input type="password" id="currentPassword" name="currentPassword" required>
<label for="newPassword">New password</label><input type="password" id="newPassword" name="newPassword" required>
<label for="confirmPassword">Confirm new password</label><input type="password" id="confirmPassword" name="confirmPassword" required>
<button class="btn" type="submit">Update password</button></form>`,
  });
}

function changedPage(): string {
  return shell({
    title: 'Password Updated',
    signedIn: true,
    body: `<h1>Password updated</h1><div class="info" role="status">Your password was updated. Use it the next time you sign in.</div>
<p><a href="/select-tin">Continue</a></p>`,
  });
}

/** Registers /password/change; returns whether an account must change its password after its code now. */
export function registerUhcPasswordChange(
  app: FastifyInstance,
  opts: UhcPasswordOptions,
): (account: PortalAccount) => boolean {
  const book = new PasswordBook(opts.accounts, opts.faults);

  app.get('/password/change', async (req, reply) => {
    const s = req.uhcSession;
    if (!s) return reply.redirect('/login', 302);
    if (s.stage !== 'password') return reply.redirect('/dashboard', 302);
    return html(reply, changePage());
  });

  app.post('/password/change', async (req, reply) => {
    const s = req.uhcSession;
    if (!s) return reply.redirect('/login?timeout=1', 302);
    if (s.stage !== 'password') return reply.redirect('/dashboard', 302);
    const problem = book.change(opts.accountOf(s), req.body ?? {});
    if (problem) return html(reply, changePage(problem));
    s.stage = 'active';
    return html(reply, changedPage());
  });

  return (a) => book.mustChange(a);
}
