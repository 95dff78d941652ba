// The forced password change pages of the Medicaid-like portal, in its
// legacy upper-case style (views.ts).
import { h } from './format.ts';
import { doc } from './views.ts';

export function passwordChangePage(error?: string): string {
  return doc(
    'PASSWORD EXPIRED',
    `<table width="100%"><tr><td align="center">
<h1 class="title">PASSWORD EXPIRED</h1>
<p class="msg" role="status">YOUR PASSWORD HAS EXPIRED. PASSWORDS MUST BE CHANGED EVERY 60 DAYS.</p>
${error ? `<p class="err" role="alert">${h(error)}</p>` : ''}
<p>AT LEAST 12 CHARACTERS WITH AN UPPER-CASE LETTER, A LOWER-CASE LETTER, A DIGIT AND A SYMBOL. YOU MAY NOT REUSE ANY OF YOUR LAST 6 PASSWORDS.</p>
<form method="post" action="/password/change"><table class="box" role="presentation">
<tr><td class="lbl"><label for="currentPassword">CURRENT PASSWORD:</label></td><td><input id="currentPassword" name="currentPassword" type="password" size="20"></td></tr>
<tr><td class="lbl"><label for="newPassword">NEW PASSWORD:</label></td><td><input id="newPassword" name="newPassword" type="password" size="20"></td></tr>
<tr><td class="lbl"><label for="confirmPassword">CONFIRM NEW PASSWORD:</label></td><td><input id="confirmPassword" name="confirmPassword" type="password" size="20"></td></tr>
<tr><td colspan="2" align="center"><input type="submit" value="CHANGE PASSWORD"></td></tr></table></form></td></tr></table>`,
  );
}

export function passwordChangedPage(): string {
  return doc(
    'PASSWORD CHANGED',
    `<table width="100%"><tr><td align="center">
<h1 class="title">PASSWORD CHANGED</h1>
<p class="msg" role="status">YOUR PASSWORD HAS BEEN CHANGED. USE THE NEW PASSWORD AT YOUR NEXT LOGON.</p>
<p><a href="/terms">CONTINUE</a></p></td></tr></table>`,
  );
}
