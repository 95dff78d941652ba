// Reading a container's content: its markup, taken in one round trip, parsed
// here in Node.
//
// Why not locator.evaluate()? It runs in the page's main world, and the first
// such call on every new document makes Playwright set its injected script up
// there: measured at ~20 ms per detail page, then ~7 ms per call, against
// ~2 ms for innerHTML, which Playwright answers from the utility world it
// already uses to find elements. Bots read three or four containers per page,
// so this is most of what separated a bot's page steps from a bare loop's.
// The markup is the browser's own serialisation of the live DOM (after the
// page's scripts ran), so the tree parsed from it holds the same elements and
// text the page shows.
import { isTag, type AnyNode, type Document, type Element } from 'domhandler';
import { findAll, findOne, getAttributeValue, nextElementSibling, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { Locator } from 'playwright';

/** The content of one container element, as a parsed tree (its root stands for the container). */
export type Markup = Document;
export type MarkupElement = Element;

/** The container's content (waits for it to be attached, exactly once, within `timeoutMs`). */
export async function readMarkup(container: Locator, timeoutMs: number): Promise<Markup> {
  return parseMarkup(await container.innerHTML({ timeout: timeoutMs }));
}

export function parseMarkup(html: string): Markup {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

/** Element children of a node, in order. */
export function childElements(node: Markup | MarkupElement): MarkupElement[] {
  return node.children.filter(isTag);
}

/** Descendant elements (not the node itself) matching `test`, in document order. */
export function descendants(node: Markup | MarkupElement, test: (el: MarkupElement) => boolean): MarkupElement[] {
  return findAll(test, node.children);
}

/** The first descendant element with one of these tag names (lower case), or null. */
export function firstDescendant(node: Markup | MarkupElement, ...tags: string[]): MarkupElement | null {
  return findOne((el) => tags.includes(el.name), node.children);
}

export const tagIs = (el: MarkupElement, ...tags: string[]): boolean => tags.includes(el.name);

/** The DOM's textContent of a node. */
export function text(node: AnyNode): string {
  return textContent(node);
}

export function attribute(el: MarkupElement, name: string): string | undefined {
  return getAttributeValue(el, name);
}

export function hasClass(el: MarkupElement, cls: string): boolean {
  return (attribute(el, 'class') ?? '').split(/\s+/).includes(cls);
}

export function nextElement(el: MarkupElement): MarkupElement | null {
  return nextElementSibling(el);
}
