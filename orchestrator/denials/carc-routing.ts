// Which team owns a denial, by its CARC: the organisation's routing table
// (data/carc-routing.json, DESIGN.md "CARC routing"), editable by people and
// validated on load so a bad edit fails loudly with the file name. Unknown
// codes go to a triage owner, never dropped.
import { z } from 'zod';
import { normalizeCode } from '../../x12/codes/index.ts';
import shippedRouting from './data/carc-routing.json' with { type: 'json' };
import { text } from '../platform/text.ts';

const isoDate = text().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Route = z.object({ category: text().min(1), owner: text().min(1), label: text().min(1) });

export const RoutingSchema = z
  .object({
    version: text().min(1),
    effectiveFrom: isoDate,
    note: text().optional(),
    triage: Route,
    categories: z.array(Route.extend({ carcs: z.array(text().min(1)) })).min(1),
  })
  .superRefine((r, ctx) => {
    const owner = new Map<string, string>();
    for (const c of r.categories) {
      for (const code of c.carcs) {
        const prev = owner.get(code);
        if (prev !== undefined)
          ctx.addIssue({ code: 'custom', message: `CARC ${code} is routed to both ${prev} and ${c.category}` });
        owner.set(code, c.category);
      }
    }
  });
export type Routing = z.infer<typeof RoutingSchema>;

export interface CarcRoute {
  code: string;
  category: string;
  owner: string;
  label: string;
  /** False when the code is not in the routing table and went to triage. */
  routed: boolean;
}

let routing: { data: Routing; byCode: Map<string, Routing['categories'][number]> } | null = null;

export function parseRouting(raw: unknown, source = 'carc-routing.json'): Routing {
  const r = RoutingSchema.safeParse(raw);
  if (!r.success)
    throw new Error(`${source}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** Replace the routing table at runtime (an organization's own routing). */
export function useRouting(data: Routing): void {
  const valid = parseRouting(data);
  routing = {
    data: valid,
    byCode: new Map(valid.categories.flatMap((c) => c.carcs.map((code) => [code, c] as const))),
  };
}

export function loadRouting(): Routing {
  if (routing === null) useRouting(shippedRouting);
  return routing!.data;
}

/** Root-cause category and owning team for a denial CARC; unknown codes go to triage. */
export function routeCarc(rawCode: unknown): CarcRoute {
  loadRouting();
  const code = normalizeCode(rawCode);
  const hit = routing!.byCode.get(code);
  if (hit !== undefined) return { code, category: hit.category, owner: hit.owner, label: hit.label, routed: true };
  const t = routing!.data.triage;
  return { code, category: t.category, owner: t.owner, label: t.label, routed: false };
}
