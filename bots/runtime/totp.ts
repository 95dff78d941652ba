// TOTP codes for portal second factors (RFC 6238: SHA1, 6 digits, 30 s),
// computed locally from the enrolled base32 secret.
import { Secret, TOTP } from 'otpauth';

export function totpCode(base32Secret: string, at: number = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(base32Secret.replace(/\s+/g, '').toUpperCase()), timestamp: at });
}

/** Milliseconds until the current code rolls over. */
export function totpRemainingMs(at: number = Date.now()): number {
  return TOTP.remaining({ timestamp: at });
}
