// Logon to the Medicaid-like portal: provider id + password (no MFA), a
// forced password change when the password expired (every 60-90 days on such
// portals; runtime/password-change.ts rotates it or stops the account), then
// the terms-and-conditions interstitial that must be accepted every session.
// Exactly one password attempt per login: a rejected password is reported,
// never retried, so the bot cannot lock the account.
import type { Page } from 'playwright';
import type { PortalCredential, StepTools } from '../runtime/bot.ts';
import { BotError } from '../runtime/errors.ts';
import { has, need } from '../runtime/selectors.ts';
import { isLoggedIn, trackFrames } from './frames.ts';
import { medicaidSelectors as S } from './selectors.ts';
import { changeExpiredPassword } from '../runtime/password-change.ts';

const pathOf = (page: Page): string => new URL(page.url()).pathname;

export { isLoggedIn };

export async function login(page: Page, credential: PortalCredential, tools: StepTools): Promise<void> {
  trackFrames(page);
  await tools.goto(page, `${tools.baseUrl}/login`, 'login');
  await (await need(page, S, 'login', 'providerId')).fill(credential.username);
  await (await need(page, S, 'login', 'password')).fill(credential.password);
  await tools.submit(page, await need(page, S, 'login', 'submit'), 'terms');

  if (pathOf(page) === '/login') {
    const message = (await has(page, S, 'login', 'error'))
      ? await (await need(page, S, 'login', 'error')).innerText()
      : '';
    if (/LOCKED/i.test(message))
      throw new BotError('locked_out', 'The portal reports the account is locked', { page: 'login' });
    throw new BotError('authentication_failed', 'The portal rejected the provider id or password', { page: 'login' });
  }
  if (pathOf(page) === '/password/change') {
    await changeExpiredPassword(page, credential, tools, S);
    await tools.goto(page, `${tools.baseUrl}/terms`, 'terms');
  }
  if (pathOf(page) === '/terms') {
    await need(page, S, 'terms', 'heading');
    await (await need(page, S, 'terms', 'accept')).check();
    await tools.submit(page, await need(page, S, 'terms', 'submit'), 'workspace');
  }
  if (!(await isLoggedIn(page)))
    throw new BotError('unexpected', 'Logon did not reach the provider workspace', { page: 'terms' });
}
