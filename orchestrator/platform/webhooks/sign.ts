// Webhook signatures:
//   X-Portalbots-Delivery: <delivery id>
//   X-Portalbots-Signature: t=<unix seconds>,v1=<hex>,v2=<hex>
// v1 = HMAC-SHA256(secret, `${t}.${body}`) (kept for receivers written before v2);
// v2 = HMAC-SHA256(secret, `${t}.${deliveryId}.${body}`), so the delivery id
// (the receiver's nonce: one id per endpoint and result, the same on every
// retry) cannot be swapped. The timestamp bounds the replay window; a receiver
// that also remembers the ids it processed within that window refuses replays.
// docs/WEBHOOKS.md shows the receiver's side.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Portalbots-Signature';
export const DELIVERY_HEADER = 'X-Portalbots-Delivery';

const hmac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');

export function signPayload(secret: string, body: string, timestamp: number, deliveryId?: string): string {
  const v1 = hmac(secret, `${timestamp}.${body}`);
  return deliveryId === undefined
    ? `t=${timestamp},v1=${v1}`
    : `t=${timestamp},v1=${v1},v2=${hmac(secret, `${timestamp}.${deliveryId}.${body}`)}`;
}

function sameHex(a: string, b: string | undefined): boolean {
  if (!b || !/^[0-9a-f]{64}$/.test(b)) return false;
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/**
 * For receivers (and our tests): true when the header is valid for body within
 * toleranceSeconds. With deliveryId (the X-Portalbots-Delivery header) the v2
 * signature, which covers it, is required.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | undefined,
  opts: { toleranceSeconds?: number; now?: number; deliveryId?: string } = {},
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t)) return false;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return false;
  if (opts.deliveryId !== undefined) return sameHex(hmac(secret, `${t}.${opts.deliveryId}.${body}`), parts.v2);
  return sameHex(hmac(secret, `${t}.${body}`), parts.v1);
}
