// The passwordExpiresFor fault on the Medicaid-like portal: like many state
// Medicaid portals (a new password every 60-90 days, none of the last 6), a
// sign-in of that account lands on a forced change before the terms page.
// The rules are the shared ones (shared/password-rules.ts). Once changed, the
// fault is spent for that account and the session goes on to the terms.
import type { FastifyInstance } from 'fastify';
import type { PortalAccount } from '../shared/accounts.ts';
import type { FaultState } from '../shared/faults.ts';
import { PasswordBook } from '../shared/password-rules.ts';
import { html } from '../shared/portal-kit.ts';
import type { MedicaidSession } from './sessions.ts';
import { passwordChangedPage, passwordChangePage } from './views-account.ts';

export interface MedicaidPasswordOptions {
  accounts: PortalAccount[];
  faults: FaultState;
  accountOf: (s: MedicaidSession) => PortalAccount;
}

/** Registers /password/change; returns whether an account must change its password at sign-in now. */
export function registerPasswordChange(
  app: FastifyInstance,
  opts: MedicaidPasswordOptions,
): (account: PortalAccount) => boolean {
  const book = new PasswordBook(opts.accounts, opts.faults);

  app.get('/password/change', async (req, reply) => {
    const s = req.medicaidSession;
    if (!s) return reply.redirect('/login', 303);
    if (s.stage !== 'password') return reply.redirect('/terms', 303);
    return html(reply, passwordChangePage());
  });

  app.post('/password/change', async (req, reply) => {
    const s = req.medicaidSession;
    if (!s) return reply.redirect('/login?expired=1', 303);
    if (s.stage !== 'password') return reply.redirect('/terms', 303);
    // This portal writes its messages in capitals.
    const problem = book.change(opts.accountOf(s), req.body ?? {})?.toUpperCase();
    if (problem) return html(reply, passwordChangePage(problem));
    s.stage = 'terms';
    return html(reply, passwordChangedPage());
  });

  return (a) => book.mustChange(a);
}
