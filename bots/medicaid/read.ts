// Readers for legacy table markup: label/value cell pairs (a label cell of
// class "lbl" followed by its value, several pairs per row) and grids whose
// first row holds <th> headers (no thead/tbody). Like the runtime's readers,
// anything missing, duplicated or renamed is layout_changed naming the
// page and element, never a guess.
import { BotError } from '../runtime/errors.ts';
import { need, type Scope, type SelectorMap } from '../runtime/selectors.ts';

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();
const drift = (page: string, element: string, why: string) => new BotError('layout_changed', `${page}: ${element} ${why}`, { page, element });

/** Values of labelled cells inside one table, by our key -> label text. */
export async function readPairs<M extends SelectorMap, P extends keyof M & string, K extends string>(
  scope: Scope, map: M, pageName: P, table: keyof M[P] & string, labels: Record<K, string>,
): Promise<Record<K, string>> {
  const loc = await need(scope, map, pageName, table);
  const pairs = await loc.evaluate((root) => {
    const found: [string, string][] = [];
    const rows = Array.from(root.querySelectorAll(':scope > tbody > tr, :scope > tr'));
    for (const tr of rows) {
      const cells = Array.from(tr.children);
      for (let i = 0; i < cells.length - 1; i++) {
        if ((cells[i] as Element).classList.contains('lbl')) found.push([cells[i]?.textContent ?? '', cells[i + 1]?.textContent ?? '']);
      }
    }
    return found;
  });
  const folded = pairs.map(([k, v]) => [fold(k), fold(v)] as const);
  const out = {} as Record<K, string>;
  for (const [key, label] of Object.entries(labels) as [K, string][]) {
    const hits = folded.filter(([k]) => k === label);
    if (hits.length !== 1) throw drift(pageName, key, hits.length === 0 ? `(labelled "${label}") was not found` : `(labelled "${label}") appears ${hits.length} times`);
    out[key] = (hits[0] as readonly [string, string])[1];
  }
  return out;
}

/**
 * Data rows of a grid (first row of <th> headers), keyed by our column names.
 * A single full-width row whose text is one of `emptyMarkers` means no rows.
 */
export async function readGrid<M extends SelectorMap, P extends keyof M & string, C extends string>(
  scope: Scope, map: M, pageName: P, table: keyof M[P] & string, columns: Record<C, string>, emptyMarkers: readonly string[] = [],
): Promise<Record<C, string>[]> {
  const loc = await need(scope, map, pageName, table);
  const raw = await loc.evaluate((root) => Array.from(root.querySelectorAll(':scope > tbody > tr, :scope > tr')).map((tr) => ({
    header: tr.children.length > 0 && Array.from(tr.children).every((c) => c.tagName === 'TH'),
    cells: Array.from(tr.children).map((c) => c.textContent ?? ''),
  })));
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
    if (cells.length !== headers.length) throw drift(pageName, table, `row ${r + 1} has ${cells.length} cells for ${headers.length} columns`);
    const row = {} as Record<C, string>;
    for (const key of Object.keys(index) as C[]) row[key] = cells[index[key]] as string;
    return row;
  });
}
