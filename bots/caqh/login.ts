// Login to the CAQH-like portal: username + password, then an authenticator
// code on a separate "Security Verification" page - or a code the portal
// sends by SMS or e-mail, which the runtime's sign-in hurdles ask a person for
// on arrival (the verification page then never shows). Exactly one password
// attempt per login (the portal locks after three), never retried.
import type { Page } from 'playwright';
import type { PortalCredential, StepTools } from '../runtime/bot.ts';
import { BotError } from '../runtime/errors.ts';
import { has, need } from '../runtime/selectors.ts';
import { totpCode, totpRemainingMs } from '../runtime/totp.ts';
import { caqhSelectors as S } from './selectors.ts';

const pathOf = (page: Page): string => {
  try {
    return new URL(page.url()).pathname;
  } catch {
    return '';
  }
};
const onVerify = (page: Page) => /^\/signin\/verify(\/|$)/.test(pathOf(page));
const onSignIn = (page: Page) => /^\/signin\/?$/.test(pathOf(page));

/** Cheap (no browser round trip): the portal serves its sign-in steps only under /signin. */
export async function isLoggedIn(page: Page): Promise<boolean> {
  return /^https?:/.test(page.url()) && !/^\/signin(\/|$)/.test(pathOf(page));
}

export async function login(page: Page, credential: PortalCredential, tools: StepTools): Promise<void> {
  await tools.goto(page, `${tools.baseUrl}/signin`, 'signIn');
  await (await need(page, S, 'signIn', 'username')).fill(credential.username);
  await (await need(page, S, 'signIn', 'password')).fill(credential.password);
  await tools.submit(page, await need(page, S, 'signIn', 'submit'), 'verify');

  if (onSignIn(page)) {
    const message = (await has(page, S, 'signIn', 'error')) ? await page.getByRole('alert').first().innerText() : '';
    if (/locked/i.test(message))
      throw new BotError('locked_out', 'The portal reports the account is locked', { page: 'signIn' });
    throw new BotError('authentication_failed', 'The portal rejected the username or password', { page: 'signIn' });
  }
  if (onVerify(page)) await answerCode(page, credential, tools);
  if (!(await isLoggedIn(page)))
    throw new BotError('unexpected', 'Login did not reach a signed-in page', { page: 'signIn' });
}

async function answerCode(page: Page, credential: PortalCredential, tools: StepTools): Promise<void> {
  if (!credential.totpSecret)
    throw new BotError(
      'mfa_failed',
      'The portal asks for an authentication code but the credential has no TOTP secret',
      { page: 'verify' },
    );
  const field = await need(page, S, 'verify', 'code');
  // A code about to roll over may be stale on arrival; wait for the next one.
  const remaining = totpRemainingMs();
  if (remaining < 1_500) await new Promise((r) => setTimeout(r, remaining + 100));
  await field.fill(totpCode(credential.totpSecret));
  await tools.submit(page, await need(page, S, 'verify', 'submit'), 'dashboard');
  if (onVerify(page) || onSignIn(page))
    throw new BotError('mfa_failed', 'The portal rejected the authentication code', { page: 'verify' });
}
