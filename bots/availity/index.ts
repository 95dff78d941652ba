// The Availity-like multi-payer portal bot (Aetna, Cigna, Anthem).
import { defineBot } from '../runtime/bot.ts';
import { claimStatus } from './claim-status.ts';
import { denialDetails } from './denial-details.ts';
import { disputeStatus, submitDispute } from './dispute.ts';
import { eraDownload } from './era-download.ts';
import { isLoggedIn, login } from './login.ts';

export const availityBot = defineBot({
  portal: 'availity',
  name: 'Availity-like multi-payer portal',
  payers: ['aetna', 'cigna', 'anthem'],
  defaultBaseUrl: 'http://127.0.0.1:4010',
  login,
  isLoggedIn,
  memberSearch: ['dateOfBirth', 'payer', 'providerNpi'],
  tasks: {
    'claim-status': claimStatus,
    'era-download': eraDownload,
    'denial-details': denialDetails,
    'submit-reconsideration': submitDispute,
    'reconsideration-status': disputeStatus,
  },
});

export { availitySelectors } from './selectors.ts';
