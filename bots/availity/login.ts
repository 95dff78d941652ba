// Login to the Availity-like portal: user id + password, then a TOTP code.
// Exactly one password attempt and one code per login: a wrong password is
// reported, never retried, so the bot cannot lock an account.
import type { Page } from 'playwright';
import type { PortalCredential, StepTools } from '../runtime/bot.ts';
import { BotError } from '../runtime/errors.ts';
import { has, need } from '../runtime/selectors.ts';
import { totpCode, totpRemainingMs } from '../runtime/totp.ts';
import { availitySelectors as S } from './selectors.ts';
import { changeExpiredPassword } from '../runtime/password-change.ts';

const pathOf = (page: Page): string => {
  try {
    return new URL(page.url()).pathname;
  } catch {
    return '';
  }
};

/** Cheap (no browser round trip): the portal serves its sign-in steps only under /login, /mfa and /password. */
export async function isLoggedIn(page: Page): Promise<boolean> {
  return /^https?:/.test(page.url()) && !/^\/(login|mfa|password)(\/|$)/.test(pathOf(page));
}

export async function login(page: Page, credential: PortalCredential, tools: StepTools): Promise<void> {
  await tools.goto(page, `${tools.baseUrl}/login`, 'login');
  await (await need(page, S, 'login', 'username')).fill(credential.username);
  await (await need(page, S, 'login', 'password')).fill(credential.password);
  await tools.submit(page, await need(page, S, 'login', 'submit'), 'mfa');

  if (pathOf(page).startsWith('/login')) {
    const message = (await has(page, S, 'login', 'error')) ? await page.getByRole('alert').first().innerText() : '';
    if (/locked/i.test(message))
      throw new BotError('locked_out', 'The portal reports the account is locked', { page: 'login' });
    throw new BotError('authentication_failed', 'The portal rejected the user id or password', { page: 'login' });
  }
  if (pathOf(page).startsWith('/mfa')) await answerTotp(page, credential, tools);
  if (pathOf(page).startsWith('/password')) {
    await changeExpiredPassword(page, credential, tools, S);
    await tools.goto(page, `${tools.baseUrl}/home`, 'home');
  }
  if (!(await isLoggedIn(page)))
    throw new BotError('unexpected', 'Login did not reach a signed-in page', { page: 'login' });
}

async function answerTotp(page: Page, credential: PortalCredential, tools: StepTools): Promise<void> {
  if (!credential.totpSecret)
    throw new BotError('mfa_failed', 'The portal asks for a TOTP code but the credential has no TOTP secret', {
      page: 'mfa',
    });
  const field = await need(page, S, 'mfa', 'code');
  // A code about to roll over may be stale when it arrives; wait for the next one.
  const remaining = totpRemainingMs();
  if (remaining < 1_500) await new Promise((r) => setTimeout(r, remaining + 100));
  await field.fill(totpCode(credential.totpSecret));
  await tools.submit(page, await need(page, S, 'mfa', 'submit'), 'home');
  if (pathOf(page).startsWith('/mfa') || pathOf(page).startsWith('/login')) {
    throw new BotError('mfa_failed', 'The portal rejected the TOTP code', { page: 'mfa' });
  }
}
