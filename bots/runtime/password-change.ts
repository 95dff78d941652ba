// A portal's forced password change (expired password). Without rotation the
// account stops with password_expired; with rotation (vault credentials and
// the portal's rotation switch on) the bot picks a compliant password, has the
// vault stage it before the portal sees it, submits it, captures the
// confirmation as evidence and has the vault make it current.
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright';
import type { PortalCredential, StepTools } from './bot.ts';
import { BotError } from './errors.ts';
import { has, need, type PageSelectors } from './selectors.ts';

/** The elements a portal's password change page must name (selector-map page `passwordChange`). */
export type PasswordChangeSelectors = {
  passwordChange: PageSelectors & {
    currentPassword: PageSelectors[string];
    newPassword: PageSelectors[string];
    confirmPassword: PageSelectors[string];
    submit: PageSelectors[string];
    error: PageSelectors[string];
    confirmation: PageSelectors[string];
  };
};

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%*+-=?@_';

/**
 * A random password meeting the usual portal rules (>= 12 characters, upper,
 * lower, digit, symbol) with room to spare: 20 characters, one of each class
 * at a random position. Fresh randomness makes reuse of a recent password
 * practically impossible.
 */
export function generatePortalPassword(length = 20): string {
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export async function changeExpiredPassword<M extends PasswordChangeSelectors>(
  page: Page,
  credential: PortalCredential,
  tools: StepTools,
  map: M,
): Promise<void> {
  const shown = await tools.capture(page, 'password-expired');
  if (!credential.rotation) {
    throw new BotError(
      'password_expired',
      'The portal requires a new password and rotation is not enabled for this credential',
      { page: 'passwordChange', evidenceId: shown.id },
    );
  }
  const next = generatePortalPassword();
  // Stored before the portal sees it: if we die after submitting, the vault has it.
  await credential.rotation.stage(next);
  await (await need(page, map, 'passwordChange', 'currentPassword')).fill(credential.password);
  await (await need(page, map, 'passwordChange', 'newPassword')).fill(next);
  await (await need(page, map, 'passwordChange', 'confirmPassword')).fill(next);
  await tools.submit(page, await need(page, map, 'passwordChange', 'submit'), 'passwordChange');
  if (!(await has(page, map, 'passwordChange', 'confirmation'))) {
    const refused = (await has(page, map, 'passwordChange', 'error')) ? 'the portal refused the new password' : '';
    throw new BotError('password_expired', `The password change did not complete${refused ? `: ${refused}` : ''}`, {
      page: 'passwordChange',
      evidenceId: shown.id,
    });
  }
  await tools.capture(page, 'password-changed');
  await credential.rotation.commit(next);
  credential.password = next;
  tools.log.info({ event: 'password_rotated', credentialId: credential.id }, 'portal password rotated');
}
