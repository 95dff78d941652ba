// Canonical JSON and hashing: the one place that decides which bytes get hashed,
// so the database verifier and the standalone packet verifier can never disagree.
import { createHash } from 'node:crypto';

/** Hex SHA-256 of bytes or a UTF-8 string. SHA-256 is the evidence store's hash of record. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export const ZERO_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, keys with
 * `undefined` omitted, only finite numbers. For the values we hash (strings, integers,
 * booleans, null, nested objects/arrays) this matches RFC 8785 (JCS), so any JCS
 * implementation can re-hash a ledger entry or checkpoint.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported type ${typeof value}`);
  }
}

/** Timing-safe-enough equality for hex digests (they are public values, so plain compare is fine). */
export function sameHash(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}
