// Last line of defence for logs: bots and the runtime are written not to log
// credentials or PHI, and this wrapper scrubs any that slip through (known
// secret values anywhere in a log record, and secret-looking keys).
import type { BotLogger } from './bot.ts';

const SECRET_KEYS =
  /^(password|passwd|pass|totp|totpSecret|secret|otp|code|token|cookie|authorization|memberId|dateOfBirth|dob|patient|patientName)$/i;
const MASK = '[redacted]';

function scrubString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
  return out;
}

function scrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: scrubString(value.message, secrets) };
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? MASK : scrub(v, secrets, depth + 1);
  return out;
}

/** Wraps a logger so that none of `secrets()` (evaluated per call) reaches it. */
export function redactingLogger(inner: BotLogger, secrets: () => Iterable<string>): BotLogger {
  const call = (level: keyof BotLogger) => (obj: object, msg?: string) => {
    const list = [...secrets()].filter((s) => s.length >= 4);
    const clean = scrub(obj, list) as object;
    if (msg === undefined) inner[level](clean);
    else inner[level](clean, scrubString(msg, list));
  };
  return { debug: call('debug'), info: call('info'), warn: call('warn'), error: call('error') };
}

export const silentLogger: BotLogger = { debug() {}, info() {}, warn() {}, error() {} };
