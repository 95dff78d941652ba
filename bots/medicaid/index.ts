// The State Medicaid-like legacy portal bot: claim status by ICN and weekly
// 835 remittance advice downloads. Logon is provider id + password plus a
// terms interstitial (no MFA); the workspace is built of iframes.
import { defineBot } from '../runtime/bot.ts';
import { claimStatus } from './claim-status.ts';
import { eraDownload } from './era-download.ts';
import { isLoggedIn, login } from './login.ts';

export const medicaidBot = defineBot({
  portal: 'medicaid',
  name: 'State Medicaid-like provider portal',
  payers: ['medicaid'],
  defaultBaseUrl: 'http://127.0.0.1:4012',
  login,
  isLoggedIn,
  memberSearch: ['dateOfBirth'],
  tasks: {
    'claim-status': claimStatus,
    'era-download': eraDownload,
  },
});

export { medicaidSelectors } from './selectors.ts';
