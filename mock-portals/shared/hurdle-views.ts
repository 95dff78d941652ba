// Pages of the shared sign-in hurdles (hurdles.ts): plain, portal-neutral
// markup with the roles and labels a person (and a bot) reads them by.
import { escapeHtml as h } from './helpers.ts';

/** The shared hurdles, in the order a session meets them, and their pages. */
export type Hurdle = 'security' | 'code' | 'captcha' | 'expiry';
export const PATHS: Record<Hurdle, string> = {
  security: '/challenge/security-question',
  code: '/challenge/code',
  captcha: '/challenge/captcha',
  expiry: '/notice/password-expiry',
};

const CSS = `body{font:15px/1.45 Arial,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:520px;margin:40px auto;background:#fff;border:1px solid #d0d7de;padding:24px}
label{display:block;margin:12px 0 4px}input{font-size:15px;padding:6px;width:100%;box-sizing:border-box}
button{margin-top:14px;padding:8px 16px}.alert{color:#a4161a;margin:8px 0}.note{background:#fff8c5;padding:8px}`;

export function hurdlePage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title><style>${CSS}</style></head>
<body><main><h1>${h(title)}</h1>
${body}
</main></body></html>`;
}

/** The maintenance notice some portals serve with HTTP 200. */
export function maintenanceNotice(backAt: string): string {
  return hurdlePage(
    'Scheduled maintenance',
    `<p role="status">The portal is unavailable during scheduled maintenance. We will be back at ${h(backAt)} ET.</p>
<p>Thank you for your patience.</p>`,
  );
}

/** A CAPTCHA image: the characters, each rotated and offset, over noise lines. */
export function captchaSvg(text: string): string {
  const chars = [...text]
    .map((c, i) => {
      const rot = ((i * 37) % 50) - 25;
      const y = 50 + ((i * 13) % 16) - 8;
      return `<text x="${20 + i * 34}" y="${y}" transform="rotate(${rot} ${30 + i * 34} ${y})" font-size="34" font-family="monospace" fill="#333">${h(c)}</text>`;
    })
    .join('');
  const lines = [0, 1, 2, 3]
    .map((i) => `<line x1="0" y1="${15 + i * 17}" x2="240" y2="${70 - i * 15}" stroke="#889" stroke-width="2"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80"><rect width="240" height="80" fill="#eef"/>${lines}${chars}</svg>`;
}

/**
 * The "Still there?" dialog: shown after `afterMs` without input, it covers
 * the page (clicks land on it, not the page) until Continue is clicked; left
 * alone for `logoutMs` it signs the session out.
 */
export function idlePopupScript(afterMs: number, logoutMs: number): string {
  return `<div id="idle-dialog" role="dialog" aria-modal="true" aria-labelledby="idle-title" hidden
 style="position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.55);display:none;align-items:center;justify-content:center">
<div style="background:#fff;padding:24px;max-width:360px;border-radius:4px"><h2 id="idle-title">Still there?</h2>
<p>Your session will end soon because you have been inactive.</p><button type="button" id="idle-continue">Continue</button></div></div>
<script>(function(){var d=document.getElementById('idle-dialog'),idle,out,after=${afterMs},logout=${logoutMs};
function show(){d.hidden=false;d.style.display='flex';out=setTimeout(function(){location.href='/session/idle-logout'},logout)}
function arm(ms){clearTimeout(idle);idle=setTimeout(show,ms)}
document.getElementById('idle-continue').addEventListener('click',function(){clearTimeout(out);d.hidden=true;d.style.display='none';fetch('/session/keepalive');arm(Math.max(after,1000))});
['keydown','mousedown','input','scroll'].forEach(function(e){document.addEventListener(e,function(){if(d.hidden)arm(Math.max(after,1000))},true)});
arm(after)})();</script>`;
}

export function securityPage(question: string, error?: string): string {
  return hurdlePage(
    'Security question',
    `<p>For your security, answer the question you chose when you enrolled.</p>
${error ? `<div class="alert" role="alert">${h(error)}</div>` : ''}
<form method="post" action="${PATHS.security}" aria-label="Security question">
  <label for="answer">${h(question)}</label><input id="answer" name="answer" type="password" autocomplete="off" required>
  <button type="submit">Continue</button>
</form>`,
  );
}

export function codePage(
  channel: 'sms' | 'email',
  to: string,
  { error, again }: { error?: string; again?: boolean | undefined } = {},
): string {
  const how = channel === 'sms' ? `a text message to ${to}` : `an e-mail to ${to}`;
  return hurdlePage(
    'Enter your verification code',
    `${again ? '<p class="note" role="status">For your security, verify your identity again.</p>\n' : ''}<p>We sent a 6-digit verification code in ${h(how)}. It expires in 10 minutes.</p>
${error ? `<div class="alert" role="alert">${h(error)}</div>` : ''}
<form method="post" action="${PATHS.code}" aria-label="Verification code">
  <label for="code">Verification code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
  <button type="submit">Verify</button>
</form>
<p><a href="${PATHS.code}?resend=1">Send a new code</a></p>`,
  );
}

export function captchaPage(): string {
  return hurdlePage(
    'Security check',
    `<p>Type the characters you see in the image.</p>
<form method="post" action="${PATHS.captcha}" aria-label="Security check">
  <img src="${PATHS.captcha}/image.svg" alt="CAPTCHA image" width="240" height="80">
  <label for="answer">Characters</label><input id="answer" name="answer" autocomplete="off" required>
  <button type="submit">Continue</button>
</form>`,
  );
}

export function expiryPage(days: number, canChange: boolean): string {
  return hurdlePage(
    'Password expiring soon',
    `<p class="note" role="status">Your password expires in ${days} day${days === 1 ? '' : 's'}. Change it before then to keep access.</p>
<form method="post" action="${PATHS.expiry}" aria-label="Password expiry notice">
  <button type="submit">Remind me later</button>
</form>
${canChange ? `<p><a href="${PATHS.expiry}/change">Change password now</a></p>` : ''}`,
  );
}

export function earlyChangePage(error?: string): string {
  return hurdlePage(
    'Change your password',
    `${error ? `<div class="alert" role="alert">${h(error)}</div>` : ''}
<p>At least 12 characters with an upper-case letter, a lower-case letter, a digit and a symbol. You cannot reuse any of your last 6 passwords.</p>
<form method="post" action="${PATHS.expiry}/change" aria-label="Change password">
  <label for="currentPassword">Current password</label><input id="currentPassword" name="currentPassword" type="password" required>
  <label for="newPassword">New password</label><input id="newPassword" name="newPassword" type="password" required>
  <label for="confirmPassword">Confirm new password</label><input id="confirmPassword" name="confirmPassword" type="password" required>
  <button type="submit">Change password</button>
</form>`,
  );
}

export function earlyChangedPage(next: string): string {
  return hurdlePage(
    'Password changed',
    `<p class="note" role="status">Your password was changed. Use the new password the next time you sign in.</p>
<p><a href="${h(next)}">Continue</a></p>`,
  );
}
