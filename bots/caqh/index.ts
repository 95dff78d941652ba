// The CAQH-like credentialing portal bot. It serves no claim payers, so its
// payers list is empty: the catalog maps each payer to the one portal that
// serves its claims, and listing the health plans here would steal them. The
// plans it reports enrollment for are PLAN_IDS in selectors.ts.
import { defineBot } from '../runtime/bot.ts';
import { credentialingStatus } from './credentialing-status.ts';
import { isLoggedIn, login } from './login.ts';

export const caqhBot = defineBot({
  portal: 'caqh',
  name: 'CAQH-like credentialing portal',
  payers: [],
  defaultBaseUrl: 'http://127.0.0.1:4013',
  login,
  isLoggedIn,
  tasks: {
    'credentialing-status': credentialingStatus,
  },
});

export { caqhSelectors } from './selectors.ts';
