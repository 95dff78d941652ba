// The passwordExpiresFor fault on the Medicaid-like portal: like many state
// Medicaid portals (a new password every 60-90 days, none of the last 6), a
// sign-in of that account lands on a forced change before the terms page.
// The rules are the shared ones (shared/password-rules.ts). Once changed, the
// fault is spent for that account and the session goes on to the terms.
import type { FastifyInstance } from 'fastify';
import type { PortalAccount } from '../shared/accounts.ts';
import type { FaultState } from '../shared/faults.ts';
import { passwordProblem } from '../shared/password-rules.ts';
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
  const history = new Map(opts.accounts.map((a) => [a.id, [a.password]]));
  const changedSinceFault = new Set<string>();
  const mustChange = (a: PortalAccount): boolean =>
    opts.faults.passwordExpiresFor !== '' &&
    opts.faults.passwordExpiresFor.toLowerCase() === a.username.toLowerCase() &&
    !changedSinceFault.has(a.id);

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
    const b = (req.body ?? {}) as Record<string, string | undefined>;
    const account = opts.accountOf(s);
    const past = history.get(account.id) ?? [];
    const proposed = b.newPassword ?? '';
    const problem =
      b.currentPassword !== account.password
        ? 'THE CURRENT PASSWORD IS INCORRECT.'
        : proposed !== b.confirmPassword
          ? 'THE NEW PASSWORDS DO NOT MATCH.'
          : passwordProblem(proposed, past)?.toUpperCase();
    if (problem) return html(reply, passwordChangePage(problem));
    account.password = proposed;
    past.push(proposed);
    history.set(account.id, past);
    changedSinceFault.add(account.id);
    s.stage = 'terms';
    return html(reply, passwordChangedPage());
  });

  return mustChange;
}
