// Portal user accounts derived from the seed. The demo account is exported so
// tests and the orchestrator's config defaults can log in to the mock portals
// without anyone copying secrets around.
import { Rng } from './prng.ts';
import { medicaidAccounts } from './medicaid.ts';

export const DEFAULT_SEED = 42;

export interface PortalAccount {
  /** Stable credential id (PortalCredential.id). */
  id: string;
  username: string;
  password: string;
  /** Base32 TOTP secret (80 bits, 16 characters), SHA1 / 6 digits / 30 s. */
  totpSecret: string;
  displayName: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const WORDS = ['Harbor', 'Granite', 'Meadow', 'Copper', 'Falcon', 'Juniper', 'Summit', 'Orchid', 'Cobalt', 'Willow'];
const SYMBOLS = '!#%*+-=?@_';

function account(seed: number, portal: string, index: number): PortalAccount {
  const rng = new Rng(seed, `${portal}:account:${index}`);
  const who = rng.pick(['jmorales', 'kpatel', 'abrown', 'lnguyen', 'dsmith', 'mokafor', 'rlee', 'tgarcia']);
  const username = `${who}${rng.digits(2)}.${portal === 'availity' ? 'billing' : portal}`;
  const password = `${rng.pick(WORDS)}${rng.pick(WORDS).toLowerCase()}${rng.digits(3)}${rng.chars(SYMBOLS, 1)}${rng.pick(WORDS)}`;
  return {
    id: `${portal}-${username}`,
    username,
    password,
    totpSecret: rng.chars(BASE32, 16),
    displayName: `${who.slice(1, 2).toUpperCase()}${who.slice(2)} (${index === 0 ? 'billing lead' : 'billing staff'})`,
  };
}

/** Accounts known to the Availity-like portal: [demo account, second account]. */
export function availityAccounts(seed: number = DEFAULT_SEED): PortalAccount[] {
  return [account(seed, 'availity', 0), account(seed, 'availity', 1)];
}

/** Accounts known to the CAQH-like portal: [practice manager (demo), second practice manager]. */
export function caqhAccounts(seed: number = DEFAULT_SEED): PortalAccount[] {
  return [account(seed, 'caqh', 0), account(seed, 'caqh', 1)];
}

/** Accounts known to the UHC-like portal: [demo account linked to three TINs, second account linked to two]. */
export function uhcAccounts(seed: number = DEFAULT_SEED): PortalAccount[] {
  return [account(seed, 'uhc', 0), account(seed, 'uhc', 1)];
}

/** The demo login for each mock portal, as PortalCredential-shaped objects. */
export function demoCredentials(seed: number = DEFAULT_SEED): {
  availity: PortalAccount;
  caqh: PortalAccount;
  uhc: PortalAccount;
  medicaid: PortalAccount;
} {
  return {
    availity: availityAccounts(seed)[0] as PortalAccount,
    caqh: caqhAccounts(seed)[0] as PortalAccount,
    uhc: uhcAccounts(seed)[0] as PortalAccount,
    medicaid: medicaidAccounts(seed)[0] as PortalAccount,
  };
}
