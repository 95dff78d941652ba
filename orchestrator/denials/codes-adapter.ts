// The work queue's only view of CARC knowledge. orchestrator/codes/ owns the
// code tables and the CARC -> category -> owning team routing
// (codes/data/carc-routing.json); this queue adds, per category, how the
// denial is worked (data/denial-handling.json: soft/hard, route,
// recoverability). Keeping both behind this file means a change in the codes
// module's API touches one place.
import { describeCarc as describeCarcCode } from '../../x12/codes/index.ts';
import { routeDenial } from './rarc-routing.ts';
import type { Handling, HandlingTable } from './policy-data.ts';

export function describeCarc(code: string): string {
  return describeCarcCode(code).description;
}

export interface RoutingDecision extends Handling {
  /** Root-cause category (carc-routing.json), 'triage' for codes in no category, 'rejection' for 277 rejections. */
  rootCause: string;
  team: string;
}

/**
 * Category and owning team of a CARC, or of a remark code (RARC) more specific
 * than it (rarc-routing.ts); unknown or missing codes go to the triage owner, never dropped.
 */
export function routeCarc(
  table: HandlingTable,
  code: string | null,
  remarkCodes: readonly string[] = [],
): RoutingDecision {
  const route = routeDenial(code ?? '', remarkCodes);
  const handling = table.categories[route.category] ?? table.categories.triage!;
  return { rootCause: route.category, team: route.owner, ...handling };
}

export function rejectionRouting(table: HandlingTable): RoutingDecision {
  const { team, ...handling } = table.rejection;
  return { rootCause: 'rejection', team, ...handling };
}
