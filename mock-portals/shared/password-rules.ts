// Password rules of the portals that force periodic changes (Availity every
// 60 days, many Medicaid portals every 60-90 days): at least 12 characters
// with an upper-case letter, a lower-case letter, a digit and a symbol, and
// none of the account's last 6 passwords.
import type { PortalAccount } from './accounts.ts';

export const PASSWORD_HISTORY = 6;

/** What is wrong with a proposed new password, or undefined when it passes. */
export function passwordProblem(proposed: string, history: readonly string[]): string | undefined {
  if (proposed.length < 12) return 'The new password must be at least 12 characters long.';
  if (!/[A-Z]/.test(proposed)) return 'The new password must contain an upper-case letter.';
  if (!/[a-z]/.test(proposed)) return 'The new password must contain a lower-case letter.';
  if (!/\d/.test(proposed)) return 'The new password must contain a digit.';
  if (!/[^A-Za-z0-9]/.test(proposed)) return 'The new password must contain a symbol.';
  if (history.slice(-PASSWORD_HISTORY).includes(proposed))
    return `The new password must differ from your last ${PASSWORD_HISTORY} passwords.`;
  return undefined;
}

export interface PasswordChangeForm {
  currentPassword?: string | undefined;
  newPassword?: string | undefined;
  confirmPassword?: string | undefined;
}

/**
 * One portal's passwords over time: the history "none of the last 6" reads, and
 * the passwordExpiresFor fault (that account must change its password at its
 * next sign-in; spent once it changed it). Each portal keeps its own pages and
 * wording; the rules and the bookkeeping are this one.
 */
export class PasswordBook {
  private readonly history: Map<string, string[]>;
  private readonly changedSinceFault = new Set<string>();

  constructor(
    accounts: readonly PortalAccount[],
    /** The portal's live fault state (changed at runtime through /__admin/faults). */
    private readonly faults: { readonly passwordExpiresFor: string },
  ) {
    this.history = new Map(accounts.map((a) => [a.id, [a.password]]));
  }

  /** Whether the account must change its password before it goes on. */
  mustChange(a: PortalAccount): boolean {
    const who = this.faults.passwordExpiresFor;
    return who !== '' && who.toLowerCase() === a.username.toLowerCase() && !this.changedSinceFault.has(a.id);
  }

  /** Applies a change form and returns undefined, or returns what is wrong with it (nothing changes). */
  change(a: PortalAccount, form: PasswordChangeForm): string | undefined {
    const past = this.history.get(a.id) ?? [];
    const proposed = form.newPassword ?? '';
    const problem =
      form.currentPassword !== a.password
        ? 'Your current password is incorrect.'
        : proposed !== form.confirmPassword
          ? 'The new passwords do not match.'
          : passwordProblem(proposed, past);
    if (problem) return problem;
    a.password = proposed;
    this.history.set(a.id, [...past, proposed]);
    this.changedSinceFault.add(a.id);
    return undefined;
  }
}
