// Login to the UHC-like portal: One Healthcare ID, then password (a separate
// page), then an authenticator (TOTP) code - or a code the portal sends by SMS
// or e-mail, which the runtime's sign-in hurdles ask a person for - then the
// TIN picker (the first linked TIN is taken; tasks switch TINs as they need).
// Exactly one password attempt per login: a wrong password is reported, never
// retried, so the bot cannot lock an account.
import type { Page } from 'playwright';
import type { PortalCredential, StepTools } from '../runtime/bot.ts';
import { BotError } from '../runtime/errors.ts';
import { has, need } from '../runtime/selectors.ts';
import { totpCode, totpRemainingMs } from '../runtime/totp.ts';
import { uhcSelectors as S } from './selectors.ts';
import { chooseTin, onTinPicker, readTinChoices } from './tins.ts';
import { changeExpiredPassword } from '../runtime/password-change.ts';

export const pathOf = (page: Page): string => {
  try {
    return new URL(page.url()).pathname;
  } catch {
    return '';
  }
};

/** Cheap (no browser round trip): the portal serves its sign-in steps only under /login, /verify and /password. */
export async function isLoggedIn(page: Page): Promise<boolean> {
  return /^https?:/.test(page.url()) && !/^\/(login|verify|password)(\/|$)/.test(pathOf(page));
}

async function alertText(page: Page, pageName: 'login' | 'password'): Promise<string> {
  return (await has(page, S, pageName, 'error')) ? page.getByRole('alert').first().innerText() : '';
}

export async function login(page: Page, credential: PortalCredential, tools: StepTools): Promise<void> {
  await tools.goto(page, `${tools.baseUrl}/login`, 'login');
  await (await need(page, S, 'login', 'username')).fill(credential.username);
  await tools.submit(page, await need(page, S, 'login', 'continue'), 'password');
  await (await need(page, S, 'password', 'password')).fill(credential.password);
  // A code sent by SMS or e-mail instead of the authenticator page is passed
  // on arrival (the runtime's sign-in hurdles ask a person), so this lands on
  // the authenticator page, or past it.
  await tools.submit(page, await need(page, S, 'password', 'submit'), 'verify');

  if (pathOf(page).startsWith('/login')) {
    const message = `${await alertText(page, 'password')} ${await alertText(page, 'login')}`;
    if (/locked/i.test(message))
      throw new BotError('locked_out', 'The portal reports the account is locked', { page: 'password' });
    throw new BotError('authentication_failed', 'The portal rejected the One Healthcare ID or password', {
      page: 'password',
    });
  }
  if (pathOf(page).startsWith('/verify')) await answerTotp(page, credential, tools);
  // An expired password (every 60 days on such portals): rotated, or the account stops as password_expired.
  if (pathOf(page).startsWith('/password')) {
    await changeExpiredPassword(page, credential, tools, S);
    await tools.goto(page, `${tools.baseUrl}/select-tin`, 'tinPicker');
  }
  if (!(await isLoggedIn(page)))
    throw new BotError('unexpected', 'Login did not reach a signed-in page', { page: 'verify' });

  if (await onTinPicker(page)) {
    const [first] = await readTinChoices(page);
    if (!first)
      throw new BotError('layout_changed', 'tinPicker: no Tax ID is offered', { page: 'tinPicker', element: 'form' });
    await chooseTin(page, first, tools, 'dashboard');
  }
}

async function answerTotp(page: Page, credential: PortalCredential, tools: StepTools): Promise<void> {
  if (!credential.totpSecret)
    throw new BotError(
      'mfa_failed',
      'The portal asks for an authenticator code but the credential has no TOTP secret',
      { page: 'verify' },
    );
  const field = await need(page, S, 'verify', 'code');
  // A code about to roll over may be stale when it arrives; wait for the next one.
  const remaining = totpRemainingMs();
  if (remaining < 1_500) await new Promise((r) => setTimeout(r, remaining + 100));
  await field.fill(totpCode(credential.totpSecret));
  await tools.submit(page, await need(page, S, 'verify', 'submit'), 'tinPicker');
  if (pathOf(page).startsWith('/verify') || pathOf(page).startsWith('/login'))
    throw new BotError('mfa_failed', 'The portal rejected the authenticator code', { page: 'verify' });
}
