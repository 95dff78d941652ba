// Account pages of the Availity-like portal: the forced password change that
// interrupts a sign-in when the password has expired.
import { escapeHtml as h } from '../shared/helpers.ts';
import { shell } from './views.ts';

export function passwordChangePage(opts: { error?: string } = {}): string {
  return shell({
    title: 'Change your password',
    body: `<h1>Your password has expired</h1>
<p class="note" role="status">Your password has expired. Choose a new password to continue.</p>
${opts.error ? `<div class="alert" role="alert">${h(opts.error)}</div>` : ''}
<p class="muted">At least 12 characters with an upper-case letter, a lower-case letter, a digit and a symbol. You cannot reuse any of your last 6 passwords.</p>
<form method="post" action="/password/change" aria-label="Change password">
  <label for="currentPassword">Current password</label><input id="currentPassword" name="currentPassword" type="password" autocomplete="current-password" required>
  <label for="newPassword">New password</label><input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
  <label for="confirmPassword">Confirm new password</label><input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required>
  <button class="primary" type="submit">Change password</button>
</form>`,
  });
}

export function passwordChangedPage(): string {
  return shell({
    title: 'Password changed',
    signedIn: true,
    body: `<h1>Password changed</h1>
<p class="note" role="status">Your password was changed. Use the new password the next time you sign in.</p>
<p><a href="/home">Continue to Home</a></p>`,
  });
}
