// Code lists the mock portals render (X12 507 claim status categories, CARC,
// RARC). Descriptions are abbreviated from the published lists; they are for
// display, ground truth compares codes and amounts.

export const STATUS_CATEGORIES: Record<string, string> = {
  A0: 'Acknowledgement/Forwarded - The claim has been forwarded to another entity.',
  A1: 'Acknowledgement/Receipt - The claim has been received. This does not mean that the claim has been accepted for adjudication.',
  A2: 'Acknowledgement/Acceptance into adjudication system - The claim has been accepted into the adjudication system.',
  A3: 'Acknowledgement/Returned as unprocessable claim - The claim has been rejected and has not been entered into the adjudication system.',
  A4: 'Acknowledgement/Not Found - The claim can not be found in the adjudication system.',
  A5: 'Acknowledgement/Split Claim - The claim has been split upon acceptance into the adjudication system.',
  A6: 'Acknowledgement/Rejected for Missing Information - The claim is missing the information specified in the Status details and has been rejected.',
  A7: 'Acknowledgement/Rejected for Invalid Information - The claim has invalid information as specified in the Status details and has been rejected.',
  A8: 'Acknowledgement/Rejected for relational field in error.',
  P0: 'Pending: Adjudication/Details are not available - Additional processing is required.',
  P1: 'Pending/In Process - The claim is in the adjudication system.',
  P2: 'Pending/Payer Review - The claim is suspended pending review.',
  P3: 'Pending/Provider Requested Information - The claim is waiting for information that has been requested from the provider.',
  P4: 'Pending/Patient Requested Information - The claim is waiting for information that has been requested from the patient.',
  F0: 'Finalized - The claim has completed the adjudication cycle and no more action will be taken.',
  F1: 'Finalized/Payment - The claim has been paid.',
  F2: 'Finalized/Denial - The claim has been denied.',
  F3: 'Finalized/Revised - Adjudication information has been changed.',
  F4: 'Finalized/Adjudication Complete - No payment forthcoming.',
};

/** X12 508 claim status codes used with the categories above. */
export const STATUS_CODES: Record<string, string> = {
  '1': 'For more detailed information, see remittance advice.',
  '3': 'Claim has been adjudicated and is awaiting payment cycle.',
  '15': 'Requested information was not provided or was insufficient/incomplete.',
  '19': 'Entity acknowledges receipt of claim/encounter.',
  '20': 'Accepted for processing.',
  '21': 'Missing or invalid information.',
  '29': 'Subscriber and policyholder name mismatched.',
  '35': 'Claim/encounter not found.',
  '41': 'Special handling required at payer site.',
  '65': 'Claim/line has been paid.',
  '104': 'Processed according to plan provisions.',
};

export const CARC: Record<string, string> = {
  '1': 'Deductible amount.',
  '2': 'Coinsurance amount.',
  '3': 'Co-payment amount.',
  '4': 'The procedure code is inconsistent with the modifier used.',
  '16': 'Claim/service lacks information or has submission/billing error(s).',
  '18': 'Exact duplicate claim/service.',
  '22': 'This care may be covered by another payer per coordination of benefits.',
  '23': 'The impact of prior payer(s) adjudication including payments and/or adjustments.',
  '27': 'Expenses incurred after coverage terminated.',
  '29': 'The time limit for filing has expired.',
  '45': 'Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement.',
  '50': 'These are non-covered services because this is not deemed a medical necessity by the payer.',
  '59': 'Processed based on multiple or concurrent procedure rules.',
  '97': 'The benefit for this service is included in the payment/allowance for another service/procedure that has already been adjudicated.',
  '197': 'Precertification/authorization/notification/pre-treatment absent.',
};

export const RARC: Record<string, string> = {
  M15: 'Separately billed services/tests have been bundled as they are considered components of the same procedure.',
  M20: 'Missing/incomplete/invalid HCPCS.',
  M51: 'Missing/incomplete/invalid procedure code(s).',
  M62: 'Missing/incomplete/invalid treatment authorization code.',
  M86: 'Service denied because payment already made for same/similar procedure within set time frame.',
  MA04: 'Secondary payment cannot be considered without the identity of or payment information from the primary payer.',
  MA130:
    'Your claim contains incomplete and/or invalid information, and no appeal rights are afforded because the claim is unprocessable.',
  N30: 'Patient ineligible for this service.',
  N290: 'Missing/incomplete/invalid rendering provider primary identifier.',
  N386: 'This decision was based on a National Coverage Determination (NCD).',
  N179: 'Additional information has been requested from the member.',
  N54: 'Claim information is inconsistent with pre-certified/authorized services.',
};
