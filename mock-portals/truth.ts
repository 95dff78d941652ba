// Ground truth for a seed: what every mock portal holds and what a correct bot
// must return, one section per portal in mock-portals/portals.ts. JSON-able,
// so `portalbots portals truth --json` serves it as is.
import { MOCK_PORTALS } from './portals.ts';
import type { MockPortal, TruthEnvelope } from './shared/mock-portal.ts';

type Portal = (typeof MOCK_PORTALS)[number];
type TruthOf<P> = P extends MockPortal<string, infer T> ? T : never;

export type GroundTruth = TruthEnvelope<{ [P in Portal as P['id']]: TruthOf<P> }>;

export function groundTruth(seed: number): GroundTruth {
  const portals = Object.fromEntries(MOCK_PORTALS.map((p) => [p.id, p.truth(seed)]));
  return { schemaVersion: 1, seed, portals: portals as GroundTruth['portals'] };
}
