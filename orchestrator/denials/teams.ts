// The teams a work item can belong to: every owner the routing tables can
// send a denial to (data/carc-routing.json categories and triage,
// data/rarc-routing.json categories) and the rejection owner of
// data/denial-handling.json. Reading the live tables means an organisation
// that loads its own routing (useRouting) can move items between its teams.
import { loadRouting } from './carc-routing.ts';
import { defaultHandling } from './policy-data.ts';
import { loadRarcRouting } from './rarc-routing.ts';

/** Known team ids, sorted: the only values a person may move an item to. */
export function knownTeams(): string[] {
  const carc = loadRouting();
  const rarc = loadRarcRouting();
  return [
    ...new Set([
      carc.triage.owner,
      ...carc.categories.map((c) => c.owner),
      ...rarc.categories.map((c) => c.owner),
      defaultHandling.rejection.team,
    ]),
  ].sort();
}
