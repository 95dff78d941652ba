// Per-portal, per-page selector maps. Elements are located the way Playwright
// recommends (role + accessible name, then label, then text; CSS only as a
// last resort), and everything a bot reads goes through need()/readFields()/
// readTable(), which turn "not there" into layout_changed naming the page and
// element, so a redesigned portal is reported instead of mis-read.
import type { Locator, Page } from 'playwright';
import { BotError } from './errors.ts';
import {
  attribute,
  childElements,
  descendants,
  firstDescendant,
  nextElement,
  readMarkup,
  tagIs,
  text,
  type Markup,
} from './markup.ts';

type AriaRole = Parameters<Page['getByRole']>[0];
/** Where elements are looked up: a page, a frame, or a frameLocator() (portals built with frames). */
export type Scope = Pick<Page, 'getByRole' | 'getByLabel' | 'getByText' | 'getByTestId' | 'locator'>;

export type ElementSpec =
  | { role: AriaRole; name?: string | RegExp; exact?: boolean; level?: number }
  | { label: string | RegExp; exact?: boolean }
  | { text: string | RegExp; exact?: boolean }
  | { testId: string }
  | { css: string }
  /** The value of a labelled row (th/td) or term (dt/dd) inside element `in` of the same page. */
  | { field: string; in: string };

export type PageSelectors = Record<string, ElementSpec>;
export type SelectorMap = Record<string, PageSelectors>;

/** Identity function that keeps the literal page/element names for type checking. */
export function defineSelectors<const M extends SelectorMap>(map: M): M {
  return map;
}

export const DEFAULT_NEED_TIMEOUT_MS = 2_000;

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

function spec(map: SelectorMap, pageName: string, element: string): ElementSpec {
  const s = map[pageName]?.[element];
  if (!s) throw new Error(`Selector map has no element "${element}" on page "${pageName}"`);
  return s;
}

function layoutChanged(pageName: string, element: string, why: string): BotError {
  return new BotError('layout_changed', `${pageName}: ${element} ${why}`, { page: pageName, element });
}

/** Builds the locator for an element without waiting for it. */
export function locate<M extends SelectorMap, P extends keyof M & string>(
  page: Scope,
  map: M,
  pageName: P,
  element: keyof M[P] & string,
): Locator {
  const s = spec(map, pageName, element);
  if ('role' in s) {
    const opts: { name?: string | RegExp; exact?: boolean; level?: number } = {};
    if (s.name !== undefined) opts.name = s.name;
    if (s.exact !== undefined) opts.exact = s.exact;
    if (s.level !== undefined) opts.level = s.level;
    return page.getByRole(s.role, opts);
  }
  if ('label' in s) return page.getByLabel(s.label, { exact: s.exact ?? true });
  if ('text' in s) return page.getByText(s.text, { exact: s.exact ?? true });
  if ('testId' in s) return page.getByTestId(s.testId);
  if ('css' in s) return page.locator(s.css);
  const container = locate(page, map, pageName, s.in as keyof M[P] & string);
  return container
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: s.field, exact: true }) })
    .getByRole('cell');
}

/**
 * The element, once it is attached and visible (within a short timeout,
 * because pages are already loaded when bots read them). Missing or
 * ambiguous (more than one match) -> layout_changed naming page and element.
 */
export async function need<M extends SelectorMap, P extends keyof M & string>(
  page: Scope,
  map: M,
  pageName: P,
  element: keyof M[P] & string,
  opts: { timeoutMs?: number; state?: 'visible' | 'attached' } = {},
): Promise<Locator> {
  const loc = locate(page, map, pageName, element);
  try {
    await loc.waitFor({ state: opts.state ?? 'visible', timeout: opts.timeoutMs ?? DEFAULT_NEED_TIMEOUT_MS });
  } catch (e) {
    throw asLayoutChange(e, pageName, element);
  }
  return loc;
}

/** A failed wait for an element as layout_changed; anything else (a closed page or browser) stays what it is. */
function asLayoutChange(e: unknown, pageName: string, element: string): unknown {
  const msg = e instanceof Error ? e.message : String(e);
  if (/strict mode violation/i.test(msg)) return layoutChanged(pageName, element, 'matches more than one element');
  if (e instanceof Error && e.name === 'TimeoutError') return layoutChanged(pageName, element, 'was not found');
  return e;
}

/**
 * One container's content, parsed, in a single round trip: the element must
 * be attached, exactly once, within the need() timeout (Playwright waits for
 * it as part of the call, so no separate wait is paid for). Missing or
 * ambiguous -> layout_changed naming page and element. Read in Node, not in
 * the page: markup.ts says why.
 */
export async function readContainer<M extends SelectorMap, P extends keyof M & string>(
  page: Scope,
  map: M,
  pageName: P,
  element: keyof M[P] & string,
): Promise<Markup> {
  try {
    return await readMarkup(locate(page, map, pageName, element), DEFAULT_NEED_TIMEOUT_MS);
  } catch (e) {
    throw asLayoutChange(e, pageName, element);
  }
}

/** Whether an element is on the page right now (no waiting): for telling pages apart. */
export async function has<M extends SelectorMap, P extends keyof M & string>(
  page: Scope,
  map: M,
  pageName: P,
  element: keyof M[P] & string,
): Promise<boolean> {
  return (await locate(page, map, pageName, element).count()) > 0;
}

/** th/td pairs of the rows and dt/dd pairs of the terms inside a container. */
function labelledPairs(root: Markup): [string, string][] {
  const found: [string, string][] = [];
  for (const tr of descendants(root, (el) => tagIs(el, 'tr'))) {
    const th = firstDescendant(tr, 'th');
    const td = firstDescendant(tr, 'td');
    if (th && td) found.push([text(th), text(td)]);
  }
  for (const dt of descendants(root, (el) => tagIs(el, 'dt'))) {
    const dd = nextElement(dt);
    if (dd && tagIs(dd, 'dd')) found.push([text(dt), text(dd)]);
  }
  return found;
}

/** Awaits every read; rejects with the first failure in list order (not in time), so reports do not depend on timing. */
export async function inOrder<const T extends readonly unknown[]>(
  reads: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const settled = await Promise.allSettled(reads as readonly Promise<unknown>[]);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Reads several labelled values in one round trip per container. Every field
 * must be present exactly once; labels are compared after whitespace folding.
 */
export async function readFields<M extends SelectorMap, P extends keyof M & string, F extends keyof M[P] & string>(
  page: Scope,
  map: M,
  pageName: P,
  fields: readonly F[],
): Promise<Record<F, string>> {
  const byContainer = new Map<string, F[]>();
  for (const f of fields) {
    const s = spec(map, pageName, f);
    if (!('field' in s)) throw new Error(`"${f}" on page "${pageName}" is not a field`);
    byContainer.set(s.in, [...(byContainer.get(s.in) ?? []), f]);
  }
  const containers = [...byContainer];
  // Containers are read concurrently; a failure is reported for the first container in field order.
  const read = await inOrder(
    containers.map(([containerName]) =>
      readContainer(page, map, pageName, containerName as keyof M[P] & string).then(labelledPairs),
    ),
  );
  const out = {} as Record<F, string>;
  for (const [i, [, names]] of containers.entries()) {
    const pairs = read[i]!;
    for (const pair of pairs) {
      pair[0] = fold(pair[0]);
      pair[1] = fold(pair[1]);
    }
    for (const name of names) {
      const label = (spec(map, pageName, name) as { field: string }).field;
      const hits = pairs.filter(([k]) => k === label);
      if (hits.length !== 1)
        throw layoutChanged(
          pageName,
          name,
          hits.length === 0
            ? `(labelled "${label}") was not found`
            : `(labelled "${label}") appears ${hits.length} times`,
        );
      out[name] = (hits[0] as [string, string])[1];
    }
  }
  return out;
}

/**
 * Reads a data table's body rows as objects keyed by our column names, the
 * columns located by their header text (so reordered columns still read right,
 * renamed ones are reported).
 */
export async function readTable<M extends SelectorMap, P extends keyof M & string, C extends string>(
  page: Scope,
  map: M,
  pageName: P,
  table: keyof M[P] & string,
  columns: Record<C, string>,
): Promise<Record<C, string>[]> {
  const root = await readContainer(page, map, pageName, table);
  const thead = firstDescendant(root, 'thead');
  const head = thead ? childElements(thead).find((el) => tagIs(el, 'tr')) : undefined;
  const body = firstDescendant(root, 'tbody');
  const raw = {
    headers: head ? childElements(head).map(text) : [],
    rows: body
      ? childElements(body)
          .filter((el) => tagIs(el, 'tr'))
          .map((tr) => childElements(tr).map(text))
      : [],
  };
  const headers = raw.headers.map(fold);
  const rows = raw.rows.map((cells) => cells.map(fold));
  const index = {} as Record<C, number>;
  for (const [key, header] of Object.entries(columns) as [C, string][]) {
    const i = headers.indexOf(header);
    if (i < 0) throw layoutChanged(pageName, `${table}.${key}`, `(column "${header}") was not found`);
    index[key] = i;
  }
  return rows.map((cells, r) => {
    const row = {} as Record<C, string>;
    for (const key of Object.keys(index) as C[]) {
      const v = cells[index[key]];
      if (v === undefined) throw layoutChanged(pageName, `${table}.${key}`, `is missing in row ${r + 1}`);
      row[key] = v;
    }
    return row;
  });
}

/** Text of each list item of a list element (one round trip). */
export async function readList<M extends SelectorMap, P extends keyof M & string>(
  page: Scope,
  map: M,
  pageName: P,
  list: keyof M[P] & string,
): Promise<string[]> {
  // An empty list has no box: attached is enough.
  const root = await readContainer(page, map, pageName, list);
  return descendants(root, (el) => tagIs(el, 'li') || attribute(el, 'role') === 'listitem').map((li) => fold(text(li)));
}
