// Which team owns a denial when its remark code (RARC) says more than its
// CARC: data/rarc-routing.json, next to the CARC table and validated against
// it on load. CARC 16 ("lacks information") with N290 is a rendering-provider
// enrollment problem, not a coding one; CARC 96 with N30 is eligibility. The
// RARC wins only when it is more specific: the CARC went to triage, or the
// CARC is one whose meaning lies in its remark code (X12 requires a RARC).
import { z } from 'zod';
import { normalizeCode } from '../../x12/codes/index.ts';
import shippedRarcRouting from './data/rarc-routing.json' with { type: 'json' };
import { type CarcRoute, loadRouting, routeCarc } from './carc-routing.ts';
import { text } from '../platform/text.ts';

const isoDate = text().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Rarc = text().regex(/^[A-Z]{1,2}\d{1,3}$/, 'must be a RARC code');
const Source = text().min(10, 'name the source of this route');

export const RarcRoutingSchema = z
  .object({
    version: text().min(1),
    effectiveFrom: isoDate,
    note: text().optional(),
    remarkCodeRequiredCarcs: z.object({ codes: z.array(text().min(1)), source: Source }),
    categories: z.array(
      z.object({ category: text().min(1), owner: text().min(1), label: text().min(1), source: Source }),
    ),
    routes: z.array(z.object({ rarc: Rarc, category: text().min(1), source: Source })).min(1),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    for (const [i, route] of r.routes.entries()) {
      if (seen.has(route.rarc))
        ctx.addIssue({ code: 'custom', path: ['routes', i, 'rarc'], message: `RARC ${route.rarc} is routed twice` });
      seen.add(route.rarc);
    }
  });
export type RarcRouting = z.infer<typeof RarcRoutingSchema>;

export interface DenialRoute extends CarcRoute {
  /** Which code decided the route: the CARC, or a RARC more specific than it. */
  by: 'carc' | 'rarc';
  /** The RARC that decided the route (by = 'rarc'). */
  rarc?: string;
}

interface Target {
  category: string;
  owner: string;
  label: string;
}
let table: { data: RarcRouting; byRarc: Map<string, string>; generic: Set<string> } | null = null;

/** Validates a RARC routing table, including that each route's category exists (here or in the CARC table). */
export function parseRarcRouting(raw: unknown, source = 'rarc-routing.json'): RarcRouting {
  const r = RarcRoutingSchema.safeParse(raw);
  if (!r.success)
    throw new Error(`${source}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const known = new Set([
    ...loadRouting().categories.map((c) => c.category),
    ...r.data.categories.map((c) => c.category),
  ]);
  const bad = r.data.routes.findIndex((x) => !known.has(x.category));
  if (bad >= 0)
    throw new Error(
      `${source}: routes.${bad}.category: "${r.data.routes[bad]!.category}" is neither in carc-routing.json nor in categories`,
    );
  return r.data;
}

/** Replace the RARC routing table at runtime (an organization's own routing). */
export function useRarcRouting(data: RarcRouting): void {
  const valid = parseRarcRouting(data);
  table = {
    data: valid,
    byRarc: new Map(valid.routes.map((r) => [r.rarc, r.category] as const)),
    generic: new Set(valid.remarkCodeRequiredCarcs.codes.map(normalizeCode)),
  };
}

/** Owner and label of a category: the CARC table's when it defines it (one edit there moves both), else ours. */
function target(category: string): Target {
  const c =
    loadRouting().categories.find((x) => x.category === category) ??
    table!.data.categories.find((x) => x.category === category);
  if (!c) throw new Error(`rarc-routing.json: category "${category}" is no longer in carc-routing.json`);
  return { category: c.category, owner: c.owner, label: c.label };
}

export function loadRarcRouting(): RarcRouting {
  if (table === null) useRarcRouting(shippedRarcRouting);
  return table!.data;
}

/**
 * Category and owning team of a denial from its primary CARC and its remark
 * codes (claim and line RARCs, in the order the payer sent them).
 */
export function routeDenial(rawCarc: unknown, remarkCodes: readonly string[] = []): DenialRoute {
  loadRarcRouting();
  const byCarc = routeCarc(rawCarc);
  if (byCarc.routed && !table!.generic.has(byCarc.code)) return { ...byCarc, by: 'carc' };
  for (const raw of remarkCodes) {
    const rarc = normalizeCode(raw);
    const category = table!.byRarc.get(rarc);
    if (category !== undefined) return { code: byCarc.code, ...target(category), routed: true, by: 'rarc', rarc };
  }
  return { ...byCarc, by: 'carc' };
}
