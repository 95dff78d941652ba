// Seeded data for all mock portals. Shared pieces (PRNG, helpers, code lists,
// fake people) live beside one module per portal.
export { mulberry32, streamSeed, Rng } from './prng.ts';
export { isoToDay, dayToIso, addDays, usDate, toDollars, formatUsd, npiFromNine, escapeHtml } from './helpers.ts';
export { STATUS_CATEGORIES, STATUS_CODES, CARC, RARC } from './codes.ts';
export { DEFAULT_SEED, availityAccounts, demoCredentials, type PortalAccount } from './accounts.ts';
export {
  AVAILITY_PAYERS,
  AVAILITY_CLAIM_COUNT,
  availityData,
  expectedClaimStatus,
  type AvailityClaim,
  type AvailityMember,
  type AvailityData,
  type AvailityPayerId,
  type Scenario,
  type AdjustmentCents,
} from './availity.ts';
export { groundTruth, type GroundTruth, type AvailityTruthClaim } from './truth.ts';
