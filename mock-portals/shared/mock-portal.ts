// What one mock portal folder exports: everything `portalbots portals`, the
// ground truth, the demo logins and the shared contract suite need, so a new
// portal is its folder plus one line in mock-portals/portals.ts.
import type { PortalAccount } from './accounts.ts';
import type { RunningPortal, StartPortalOptions } from './start-portal.ts';

/** One case of the shared portal contract: a task input and what the bot must return. */
export interface ContractTarget {
  label: string;
  input: unknown;
  outcome: 'found' | 'not_found';
  /** The exact output when found (after `normalize`). */
  data?: unknown;
}

/** How the contract suite (test/contract) exercises this portal's bot. */
export interface ContractAdapter<Truth> {
  /** Per task the portal's bot declares: targets from the truth, plus a not_found one for lookups. */
  targets: Record<string, (truth: Truth, sample: number) => ContractTarget[]>;
  /** Makes an output comparable with the truth (drops ids the evidence sink assigns, fixes order). */
  normalize?: Record<string, (data: unknown) => unknown>;
}

export interface MockPortal<Id extends string = string, Truth = unknown> {
  /** The portal id, the same as its bot's (`bots/<id>/`). */
  id: Id;
  name: string;
  /**
   * The port `portalbots portals` serves it on by default; the bot's default
   * base URL names the same port (checked by the contract suite).
   */
  defaultPort: number;
  /** Seeded accounts; the first is the demo login. */
  accounts(seed: number): PortalAccount[];
  /** What the portal holds for a seed and what a correct bot returns (JSON-able). */
  truth(seed: number): Truth;
  /** A few words for the `portals` banner, e.g. "120 claims". */
  summary(truth: Truth): string;
  start(opts?: StartPortalOptions): Promise<RunningPortal<Truth>>;
  contract: ContractAdapter<Truth>;
}

export function defineMockPortal<Id extends string, Truth>(portal: MockPortal<Id, Truth>): MockPortal<Id, Truth> {
  return portal;
}

/** The JSON envelope of a ground truth (`portals truth --json`, `GET /__admin/truth`). */
export interface TruthEnvelope<Portals> {
  schemaVersion: 1;
  seed: number;
  portals: Portals;
}

/** One portal's truth in the envelope `GET /__admin/truth` serves. */
export function truthEnvelope<Id extends string, Truth>(
  seed: number,
  id: Id,
  truth: Truth,
): TruthEnvelope<Record<Id, Truth>> {
  return { schemaVersion: 1, seed, portals: { [id]: truth } as Record<Id, Truth> };
}
