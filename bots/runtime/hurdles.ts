// Sign-in hurdles every portal may put between a good password and its pages
// (issue #14), passed the same way for every bot: the runtime checks each page
// it lands on (navigation's afterLoad) and, while one of these shows, passes
// it before the bot's own step goes on.
// - security question: answered from the credential; an unknown question (or
//   a refused answer) is needs_human with the page as evidence;
// - a code sent by SMS or e-mail, or a CAPTCHA: the bot never guesses or
//   solves; it asks a person through the injected askHuman and waits;
// - "your password expires in N days": recorded (onNotice) and dismissed, or
//   with rotation allowed, the password is changed now when the portal offers it;
// - "Still there?" dialogs: dismissed wherever they appear (a locator handler).
import type { Locator, Page } from 'playwright';
import type { AccountNotice, AskHuman, ChallengeKind, PortalCredential, StepTools } from './bot.ts';
import { BotError } from './errors.ts';
import { generatePortalPassword } from './password-change.ts';

export interface HurdleContext {
  portal: string;
  credential: PortalCredential;
  tools: StepTools;
  askHuman?: AskHuman;
  onNotice?: (notice: AccountNotice) => void | Promise<void>;
}

/** Accessible names of the hurdle forms, as portals label them. */
const FORMS = {
  securityQuestion: /security question/i,
  code: /verification code|one-time (pass)?code|security code/i,
  captcha: /security check|captcha|verify you are (a )?human/i,
  expiry: /password expir/i,
} as const;
const ANY_FORM = new RegExp(
  Object.values(FORMS)
    .map((r) => r.source)
    .join('|'),
  'i',
);
const IDLE_DIALOG = /still there|are you still (here|working)|session (is )?about to (expire|end)/i;
const IDLE_CONTINUE = /continue|stay (signed|logged) in|i'?m (still )?here|keep (me|working)/i;
/** Person answers and portal refusals allowed per hurdle before the job stops. */
const MAX_HUMAN_ASKS = 2;

const busy = new WeakSet<Page>();
const idleHandled = new WeakSet<Page>();

/** Lowercase letters and digits only: "What is your mother's maiden name?" ~ "what is your mothers maiden name". */
const normalize = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function answerFor(answers: Record<string, string> | undefined, question: string): string | undefined {
  const q = normalize(question);
  for (const [k, v] of Object.entries(answers ?? {})) if (normalize(k) === q) return v;
  return undefined;
}

/**
 * Dismisses "Still there?" dialogs whenever one blocks an action on this page
 * from now on (Playwright runs the handler before the action goes on).
 */
export async function dismissIdleDialogs(page: Page): Promise<void> {
  if (idleHandled.has(page)) return;
  idleHandled.add(page);
  await page.addLocatorHandler(page.getByRole('dialog', { name: IDLE_DIALOG }), async (dialog) => {
    await dialog.getByRole('button', { name: IDLE_CONTINUE }).first().click();
  });
}

/** Closes a "Still there?" dialog showing now (before a screenshot, which no action precedes). */
export async function closeVisibleIdleDialog(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: IDLE_DIALOG });
  if (await dialog.isVisible().catch(() => false))
    await dialog
      .getByRole('button', { name: IDLE_CONTINUE })
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
}

/** Passes every hurdle on the page, one after the other; returns at once when none shows. */
export async function passHurdles(page: Page, ctx: HurdleContext): Promise<void> {
  if (busy.has(page)) return; // the hurdle's own submit lands here again
  await dismissIdleDialogs(page);
  busy.add(page);
  try {
    const asked = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const form = page.getByRole('form', { name: ANY_FORM });
      if ((await form.count()) === 0) return;
      const name = (await form.first().getAttribute('aria-label')) ?? '';
      const kind = (Object.keys(FORMS) as (keyof typeof FORMS)[]).find((k) => FORMS[k].test(name));
      const n = (asked.get(kind ?? '') ?? 0) + 1;
      asked.set(kind ?? '', n);
      const f = form.first();
      if (kind === 'securityQuestion') await securityQuestion(page, f, ctx, n);
      else if (kind === 'code') await humanAnswer(page, f, ctx, n, 'code');
      else if (kind === 'captcha') await humanAnswer(page, f, ctx, n, 'captcha');
      else if (kind === 'expiry') await expiryNotice(page, f, ctx);
      else return;
    }
    throw new BotError('unexpected', 'The portal kept showing sign-in checks', { page: 'hurdle' });
  } finally {
    busy.delete(page);
  }
}

async function securityQuestion(page: Page, form: Locator, ctx: HurdleContext, n: number): Promise<void> {
  const question = (await form.locator('label').first().innerText()).trim();
  const answer = answerFor(ctx.credential.securityAnswers, question);
  if (answer === undefined || n > 1) {
    const shown = await ctx.tools.capture(page, 'security-question');
    throw new BotError(
      'needs_human',
      answer === undefined
        ? 'The portal asks a security question the credential has no answer for'
        : 'The portal refused the stored answer to its security question',
      { page: 'securityQuestion', evidenceId: shown.id },
    );
  }
  await form.locator('input:not([type=hidden])').first().fill(answer);
  await ctx.tools.submit(page, form.getByRole('button').first(), 'securityQuestion');
}

async function humanAnswer(
  page: Page,
  form: Locator,
  ctx: HurdleContext,
  n: number,
  what: 'code' | 'captcha',
): Promise<void> {
  const pageName = what === 'code' ? 'verificationCode' : 'captcha';
  const intro = await page
    .locator('main, body')
    .first()
    .innerText({ timeout: 2_000 })
    .catch(() => '');
  const kind: ChallengeKind = what === 'captcha' ? 'captcha' : /e-?mail/i.test(intro) ? 'otp_email' : 'otp_sms';
  const shown = await ctx.tools.capture(page, `${kind}-challenge`);
  if (!ctx.askHuman)
    throw new BotError('needs_human', `The portal asks for a ${what} a person must provide and no one can be asked`, {
      page: pageName,
      evidenceId: shown.id,
    });
  if (n > MAX_HUMAN_ASKS)
    throw new BotError('needs_human', `The portal refused the ${what} a person entered, ${MAX_HUMAN_ASKS} times`, {
      page: pageName,
      evidenceId: shown.id,
    });
  const refused = n > 1 ? 'The portal refused the last answer. ' : '';
  const prompt = `${refused}${firstLines(intro)}`;
  let answer: string;
  try {
    answer = await ctx.askHuman({
      kind,
      portal: ctx.portal,
      credentialId: ctx.credential.id,
      prompt,
      screenshot: await page.screenshot({ fullPage: true, timeout: 10_000 }),
      evidenceId: shown.id,
    });
  } catch (e) {
    throw new BotError(
      'needs_human',
      `No one answered the ${what} challenge: ${(e as Error).message}`,
      { page: pageName, evidenceId: shown.id, accountUsable: true },
      { cause: e },
    );
  }
  await form.locator('input:not([type=hidden])').first().fill(answer.trim());
  await ctx.tools.submit(page, form.getByRole('button').first(), pageName);
}

async function expiryNotice(page: Page, form: Locator, ctx: HurdleContext): Promise<void> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .catch(() => '');
  const m = /expires? in (\d+) days?/i.exec(text) ?? (/expires? (today)/i.exec(text) as RegExpExecArray | null);
  const days = m ? (m[1] === 'today' ? 0 : Number(m[1])) : 0;
  const shown = await ctx.tools.capture(page, 'password-expiry-notice');
  ctx.tools.log.warn(
    { event: 'password_expiring', credentialId: ctx.credential.id, days },
    'the portal says the password expires soon',
  );
  await ctx.onNotice?.({
    kind: 'password_expiring',
    credentialId: ctx.credential.id,
    days,
    expiresAt: new Date(Date.now() + days * 86_400_000),
    message: `The portal says the password expires in ${days} day${days === 1 ? '' : 's'}`,
    evidenceId: shown.id,
  });
  // With rotation allowed, change it now when the portal offers to, rather than when it forces it.
  const changeNow = page.getByRole('link', { name: /change (your )?password( now)?/i });
  if (ctx.credential.rotation && (await changeNow.count()) > 0) {
    await ctx.tools.submit(page, changeNow.first(), 'passwordChange');
    await rotateEarly(page, ctx);
    return;
  }
  await ctx.tools.submit(page, form.getByRole('button').first(), 'passwordExpiryNotice');
}

/**
 * The portal's voluntary password change, read by its labels: the new
 * password is staged in the vault before the portal sees it, the confirmation
 * captured as evidence, then committed (as for a forced change).
 */
async function rotateEarly(page: Page, ctx: HurdleContext): Promise<void> {
  const rotation = ctx.credential.rotation!;
  const form = page.getByRole('form', { name: /change (your )?password/i });
  if ((await form.count()) === 0)
    throw new BotError('layout_changed', 'The password change page has no change form', {
      page: 'passwordChange',
      element: 'form',
    });
  const next = generatePortalPassword();
  await rotation.stage(next);
  await form.getByLabel(/current password/i).fill(ctx.credential.password);
  await form.getByLabel(/^new password/i).fill(next);
  await form.getByLabel(/confirm/i).fill(next);
  await ctx.tools.submit(page, form.getByRole('button').first(), 'passwordChange');
  const done = page.getByRole('status').filter({ hasText: /password (was|has been) changed/i });
  if ((await done.count()) === 0) {
    const shown = await ctx.tools.capture(page, 'password-change-refused');
    // The old password still works: nothing is stopped, the warning stays recorded.
    throw new BotError('unexpected', 'The portal did not confirm the early password change', {
      page: 'passwordChange',
      evidenceId: shown.id,
    });
  }
  await ctx.tools.capture(page, 'password-changed');
  await rotation.commit(next);
  ctx.credential.password = next;
  ctx.tools.log.info(
    { event: 'password_rotated', credentialId: ctx.credential.id, early: true },
    'portal password rotated before it expired',
  );
  const onward = page.getByRole('link', { name: /continue/i });
  if ((await onward.count()) > 0) await ctx.tools.submit(page, onward.first(), 'home');
}

/** The first lines of a page's text, short enough for a prompt (no secrets are on these pages). */
function firstLines(text: string): string {
  const t = text.replace(/\s+\n/g, '\n').trim();
  return t.length > 400 ? `${t.slice(0, 400)}…` : t;
}
