// Password rules of the portals that force periodic changes (Availity every
// 60 days, many Medicaid portals every 60-90 days): at least 12 characters
// with an upper-case letter, a lower-case letter, a digit and a symbol, and
// none of the account's last 6 passwords.

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
