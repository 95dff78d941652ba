// The second sign-in factor of the mock portals that have one (the Availity-,
// UHC- and CAQH-like portals; the Medicaid-like portal has a password only).
// By default the portal asks for an authenticator (TOTP) code on its own page.
// With the otpChannel fault the code goes out of band by SMS or e-mail, as on
// real portals that send codes: the portal's TOTP page is never shown, the
// portal goes on as after a good TOTP, and the shared 'code' hurdle
// (hurdles.ts) asks for the code that was "sent" before any signed-in page
// shows, and before a forced password change or a terms page (a real portal
// verifies who signs in before it lets them choose a new password or accept
// its terms). Each portal keeps its own routes and wording; the decision, what
// "past the second factor" means for a session and how a re-challenge asks
// again are here, once.
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

/**
 * Where a session stands for the shared sign-in hurdles, read from the stage
 * every mock portal's sessions carry:
 * - 'signed-in' (stage 'active'): every hurdle applies;
 * - 'signing-in': past its password and any TOTP, held at a step the portal
 *   puts before its signed-in pages: a forced password change (stage
 *   'password', the passwordExpiresFor fault) or the Medicaid-like portal's
 *   terms page (stage 'terms'). The identity checks (the out-of-band code, a
 *   security question, a CAPTCHA) come first and hold that step until passed;
 *   notices wait until the session is signed in;
 * - undefined: not past its sign-in factors yet (the TOTP page): no hurdle yet.
 */
export type HurdleStage = 'signed-in' | 'signing-in';
export function hurdleStageOf(stage: unknown): HurdleStage | undefined {
  if (stage === 'active') return 'signed-in';
  return stage === 'password' || stage === 'terms' ? 'signing-in' : undefined;
}

/**
 * The mfaRechallenge fault: every signed-in session verifies again, the way it
 * first did. With the code sent out of band the shared code hurdle sends a new
 * code (listed in the outbox) and holds the session's next page until it is
 * entered; otherwise the portal's own TOTP page comes back (portals without a
 * second factor have no rechallengeAll and ignore the fault).
 */
export function rechallengeSignedIn(
  faults: Pick<FaultState, 'otpChannel'>,
  portal: { rechallengeAll?(): void },
  codes: { askCodeAgain(): void },
): void {
  if (codeSentOutOfBand(faults)) codes.askCodeAgain();
  else portal.rechallengeAll?.();
}
