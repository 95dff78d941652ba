// Readers for legacy table markup: label/value cell pairs (a label cell of
// class "lbl" followed by its value, several pairs per row) and grids whose
// first row holds <th> headers (no thead/tbody). Like the runtime's readers,
// anything missing, duplicated or renamed is layout_changed naming the
// page and element, never a guess.
import { BotError } from '../runtime/errors.ts';
import { childElements, hasClass, tagIs, text, type Markup, type MarkupElement } from '../runtime/markup.ts';
import { readContainer, type Scope, type SelectorMap } from '../runtime/selectors.ts';

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();
/** The table's own rows (`:scope > tbody > tr, :scope > tr`), not those of tables nested in its cells. */
function directRows(table: Markup): MarkupElement[] {
  return childElements(table)
    .flatMap((el) => (tagIs(el, 'tbody') ? childElements(el) : [el]))
    .filter((el) => tagIs(el, 'tr'));
}
const drift = (page: string, element: string, why: string) =>
  new BotError('layout_changed', `${page}: ${element} ${why}`, { page, element });

/** Values of labelled cells inside one table, by our key -> label text. */
export async function readPairs<M extends SelectorMap, P extends keyof M & string, K extends string>(
  scope: Scope,
  map: M,
  pageName: P,
  table: keyof M[P] & string,
  labels: Record<K, string>,
): Promise<Record<K, string>> {
  const root = await readContainer(scope, map, pageName, table);
  const pairs: [string, string][] = [];
  for (const tr of directRows(root)) {
    const cells = childElements(tr);
    for (let i = 0; i < cells.length - 1; i++) {
      if (hasClass(cells[i]!, 'lbl')) pairs.push([text(cells[i]!), text(cells[i + 1]!)]);
    }
  }
  const folded = pairs.map(([k, v]) => [fold(k), fold(v)] as const);
  const out = {} as Record<K, string>;
  for (const [key, label] of Object.entries(labels) as [K, string][]) {
    const hits = folded.filter(([k]) => k === label);
    if (hits.length !== 1)
      throw drift(
        pageName,
        key,
        hits.length === 0
          ? `(labelled "${label}") was not found`
          : `(labelled "${label}") appears ${hits.length} times`,
      );
    out[key] = (hits[0] as readonly [string, string])[1];
  }
  return out;
}

/**
 * Data rows of a grid (first row of <th> headers), keyed by our column names.
 * A single full-width row whose text is one of `emptyMarkers` means no rows.
 */
export async function readGrid<M extends SelectorMap, P extends keyof M & string, C extends string>(
  scope: Scope,
  map: M,
  pageName: P,
  table: keyof M[P] & string,
  columns: Record<C, string>,
  emptyMarkers: readonly string[] = [],
): Promise<Record<C, string>[]> {
  const root = await readContainer(scope, map, pageName, table);
  const raw = directRows(root).map((tr) => {
    const cells = childElements(tr);
    return { header: cells.length > 0 && cells.every((c) => tagIs(c, 'th')), cells: cells.map(text) };
  });
  const headerRow = raw.findIndex((r) => r.header);
  if (headerRow < 0) throw drift(pageName, table, 'has no header row');
  const headers = (raw[headerRow] as { cells: string[] }).cells.map(fold);
  const index = {} as Record<C, number>;
  for (const [key, header] of Object.entries(columns) as [C, string][]) {
    const i = headers.indexOf(header);
    if (i < 0) throw drift(pageName, `${table}.${key}`, `(column "${header}") was not found`);
    index[key] = i;
  }
  const body = raw.slice(headerRow + 1).map((r) => r.cells.map(fold));
  if (body.length === 1 && body[0]?.length === 1 && emptyMarkers.includes(body[0][0] as string)) return [];
  return body.map((cells, r) => {
    if (cells.length !== headers.length)
      throw drift(pageName, table, `row ${r + 1} has ${cells.length} cells for ${headers.length} columns`);
    const row = {} as Record<C, string>;
    for (const key of Object.keys(index) as C[]) row[key] = cells[index[key]] as string;
    return row;
  });
}
