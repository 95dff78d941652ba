// The UHC-like payer portal bot (UnitedHealthcare): TIN-scoped claim status
// and denial letters from the Document Library, payments' 835s (ZIPs unpacked)
// and PDF remittance advice.
import { defineBot } from '../runtime/bot.ts';
import { claimStatus } from './claim-status.ts';
import { denialDetails } from './denial-details.ts';
import { eraDownload } from './era-download.ts';
import { isLoggedIn, login } from './login.ts';
import { reconsiderationStatus } from './reconsideration-status.ts';
import { submitReconsideration } from './submit-reconsideration.ts';

export const uhcBot = defineBot({
  portal: 'uhc',
  name: 'UHC-like payer portal',
  payers: ['uhc'],
  defaultBaseUrl: 'http://127.0.0.1:4011',
  login,
  isLoggedIn,
  memberSearch: ['dateOfBirth', 'tin'],
  tasks: {
    'claim-status': claimStatus,
    'denial-details': denialDetails,
    'era-download': eraDownload,
    'submit-reconsideration': submitReconsideration,
    'reconsideration-status': reconsiderationStatus,
  },
});

export { uhcSelectors } from './selectors.ts';
