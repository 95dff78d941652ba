// TIN handling on the UHC-like portal. Claims and letters are shown for one
// Tax ID at a time, and a claim number searched under the wrong TIN is simply
// "not found", so a task tries the selected TIN first and then every other
// TIN linked to the account, in the picker's order; only after all of them
// does it conclude not_found.
import type { Page } from 'playwright';
import type { StepTools } from '../runtime/bot.ts';
import { BotError } from '../runtime/errors.ts';
import { has, need } from '../runtime/selectors.ts';
import { parseTin } from './parse.ts';
import { uhcSelectors as S } from './selectors.ts';

/** The TIN list is fixed for a logged-in session: read the picker once per page (= per session). */
const choicesByPage = new WeakMap<Page, string[]>();

export async function onTinPicker(page: Page): Promise<boolean> {
  return has(page, S, 'tinPicker', 'heading');
}

/** Dashed TINs offered by the picker page, in its order. */
export async function readTinChoices(page: Page): Promise<string[]> {
  const form = await need(page, S, 'tinPicker', 'form');
  const labels = await form
    .getByRole('radio')
    .evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).labels?.[0]?.textContent ?? ''));
  if (labels.length === 0)
    throw new BotError('layout_changed', 'tinPicker: no Tax ID is offered', { page: 'tinPicker', element: 'form' });
  const tins = labels.map((l) => parseTin(l, { page: 'tinPicker', element: 'form' }));
  choicesByPage.set(page, tins);
  return tins;
}

/** On the picker page: pick a TIN and continue to wherever the picker returns to. */
export async function chooseTin(page: Page, tin: string, tools: StepTools, nextPage: string): Promise<void> {
  const form = await need(page, S, 'tinPicker', 'form');
  const radio = form.getByRole('radio', { name: new RegExp(`^${tin.replace('-', '\\-')}\\b`) });
  if ((await radio.count()) !== 1)
    throw new BotError('layout_changed', `tinPicker: Tax ID option was not found`, {
      page: 'tinPicker',
      element: 'form',
    });
  await radio.check();
  await tools.submit(page, await need(page, S, 'tinPicker', 'continue'), nextPage);
}

/** The TIN the page says is selected (every TIN-scoped page shows it). */
export async function currentTin(page: Page, pageName: string): Promise<string> {
  const bar = await need(page, S, 'tinBar', 'bar').catch(() => {
    throw new BotError('layout_changed', `${pageName}: the selected Tax ID bar was not found`, {
      page: pageName,
      element: 'tinBar',
    });
  });
  return parseTin(await bar.innerText(), { page: pageName, element: 'tinBar' });
}

/**
 * Opens `path` under a selected TIN. A session without one lands on the
 * picker first (the portal redirects there): the first TIN is taken.
 */
export async function openWithTin(page: Page, tools: StepTools, path: string, pageName: string): Promise<string> {
  await tools.goto(page, `${tools.baseUrl}${path}`, pageName);
  if (await onTinPicker(page)) {
    const [first] = await readTinChoices(page);
    await chooseTin(page, first as string, tools, pageName);
  }
  return currentTin(page, pageName);
}

/** Selects another TIN through the picker, landing on `path`; checks the portal switched. */
export async function switchTin(
  page: Page,
  tools: StepTools,
  tin: string,
  path: string,
  pageName: string,
): Promise<void> {
  await tools.goto(page, `${tools.baseUrl}/select-tin?returnTo=${encodeURIComponent(path)}`, 'tinPicker');
  await chooseTin(page, tin, tools, pageName);
  const now = await currentTin(page, pageName);
  if (now !== tin)
    throw new BotError('unexpected', `${pageName}: the portal did not switch to the chosen Tax ID`, {
      page: pageName,
      element: 'tinBar',
    });
}

/** Every TIN of the account: from the picker, read once per session. */
export async function allTins(page: Page, tools: StepTools, returnPath: string): Promise<string[]> {
  const known = choicesByPage.get(page);
  if (known) return known;
  await tools.goto(page, `${tools.baseUrl}/select-tin?returnTo=${encodeURIComponent(returnPath)}`, 'tinPicker');
  return readTinChoices(page);
}

/**
 * Runs `attempt` under the selected TIN, then under each other TIN until it
 * returns a value. `start` is the page each attempt begins on. Returns null
 * when no TIN had it.
 */
export async function acrossTins<T>(
  page: Page,
  tools: StepTools,
  start: { path: string; pageName: string },
  attempt: (tin: string) => Promise<T | null>,
): Promise<T | null> {
  const first = await openWithTin(page, tools, start.path, start.pageName);
  const hit = await attempt(first);
  if (hit !== null) return hit;
  for (const tin of await allTins(page, tools, start.path)) {
    if (tin === first) continue;
    await switchTin(page, tools, tin, start.path, start.pageName);
    const found = await attempt(tin);
    if (found !== null) return found;
  }
  return null;
}
