// Portal user accounts derived from the seed. Each portal folder lists its own
// accounts (built here); the first one of each is the demo login, so tests
// and the demo can log in without anyone copying secrets around.
import { Rng } from './prng.ts';
import { securityAnswersOf } from './security-questions.ts';

export const DEFAULT_SEED = 42;

export interface PortalAccount {
  /** Stable credential id (PortalCredential.id). */
  id: string;
  username: string;
  password: string;
  /** Base32 TOTP secret (80 bits, 16 characters), SHA1 / 6 digits / 30 s. */
  totpSecret: string;
  displayName: string;
  /** The security questions the account enrolled, question -> answer (the securityQuestion fault asks one). */
  securityAnswers: Record<string, string>;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const WORDS = ['Harbor', 'Granite', 'Meadow', 'Copper', 'Falcon', 'Juniper', 'Summit', 'Orchid', 'Cobalt', 'Willow'];
const SYMBOLS = '!#%*+-=?@_';

/** The index-th seeded account of a portal (index 0: the billing lead, the demo login). */
export function seededAccount(seed: number, portal: string, index: number): PortalAccount {
  const rng = new Rng(seed, `${portal}:account:${index}`);
  const who = rng.pick(['jmorales', 'kpatel', 'abrown', 'lnguyen', 'dsmith', 'mokafor', 'rlee', 'tgarcia']);
  const username = `${who}${rng.digits(2)}.${portal === 'availity' ? 'billing' : portal}`;
  const password = `${rng.pick(WORDS)}${rng.pick(WORDS).toLowerCase()}${rng.digits(3)}${rng.chars(SYMBOLS, 1)}${rng.pick(WORDS)}`;
  const id = `${portal}-${username}`;
  return {
    id,
    username,
    password,
    totpSecret: rng.chars(BASE32, 16),
    displayName: `${who.slice(1, 2).toUpperCase()}${who.slice(2)} (${index === 0 ? 'billing lead' : 'billing staff'})`,
    securityAnswers: securityAnswersOf(seed, id),
  };
}
