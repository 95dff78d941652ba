// pino JSON logging with secrets and PHI removed before a line is written.
// Redaction is by key name at any depth (pino's own `redact` paths cannot
// express "any depth"), so a new field called e.g. `memberId` is covered
// without anyone remembering to add a path.
import pino, { type DestinationStream, type Logger } from 'pino';
import { readVar } from './config.ts';

const SENSITIVE_KEY =
  /pass(word|wd)?$|secret|totp|^otp$|otpCode|token|authorization|cookie|api[-_]?key|member[-_]?id|subscriber[-_]?id|patient[-_]?name|first[-_]?name|last[-_]?name|^dob$|date[-_]?of[-_]?birth|birth[-_]?date|ssn|^username$|storageState/i;

export const REDACTED = '[REDACTED]';

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: value.message, ...(redactDeep({ ...value }, depth + 1) as object) };
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_KEY.test(k) ? REDACTED : redactDeep(v, depth + 1);
  }
  return out;
}

/**
 * Every line also goes to this file when set: the test suite sets it for the
 * whole run and scans the file for secrets and PHI afterwards. Synchronous
 * appends so a killed process has written every line it logged.
 */
export const LOG_TEE_ENV = 'PORTALBOTS_TEST_LOG_FILE';

function withTee(destination: DestinationStream): DestinationStream {
  const file = readVar(LOG_TEE_ENV);
  if (!file) return destination;
  const tee = pino.destination({ dest: file, append: true, sync: true, mkdir: true });
  return pino.multistream([
    { stream: destination, level: 'trace' },
    { stream: tee, level: 'trace' },
  ]);
}

export function createLogger(options: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'portalbots',
      level: options.level ?? readVar('LOG_LEVEL'),
      formatters: { log: (obj) => redactDeep(obj) as Record<string, unknown> },
      serializers: { err: (e: unknown) => redactDeep(e) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    withTee(options.destination ?? pino.destination({ dest: 2, sync: false })),
  );
}

export type { Logger };
