// The second sign-in factor of the mock portals that have one (the Availity-,
// UHC- and CAQH-like portals; the Medicaid-like portal has a password only).
// By default the portal asks for an authenticator (TOTP) code on its own page.
// With the otpChannel fault the code goes out of band by SMS or e-mail, as on
// real portals that send codes: the portal's TOTP page is never shown, the
// portal goes on as after a good TOTP, and the shared 'code' hurdle
// (hurdles.ts) asks for the code that was "sent" before any signed-in page
// shows. Each portal keeps its own routes and wording; the decision and what
// "past the second factor" means for a session are here, once.
import type { FaultState } from './faults.ts';
import type { PortalSession } from './sessions.ts';

/** True when the code goes out of band (SMS / e-mail) and replaces the portal's TOTP page. */
export function codeSentOutOfBand(faults: Pick<FaultState, 'otpChannel'>): boolean {
  return faults.otpChannel !== '';
}

/**
 * Marks a session past its second factor (a good TOTP, or a password when the
 * code goes out of band) and counts the sign-in: a `logins` counter counts
 * completed sign-ins the same way in both modes. The portal then decides where
 * the session goes (a forced password change, a TIN picker, its home page).
 */
export function secondFactorPassed(sessions: { counters: { logins: number } }, s: PortalSession): void {
  s.stage = 'active';
  s.rechallenge = false;
  s.mfaFailures = 0;
  sessions.counters.logins++;
}
