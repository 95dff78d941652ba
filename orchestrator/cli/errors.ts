// CLI failures end in one line on stderr and a non-zero exit, never a stack
// trace: the messages name the flag or field to fix.
import { readVar } from '../platform/config.ts';

function debugRequested(): boolean {
  try {
    return readVar('PORTALBOTS_DEBUG');
  } catch {
    return false;
  }
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function exitOnError(e: unknown): never {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`portalbots: ${message.split('\n')[0]}\n`);
  if (e instanceof Error && e.stack && debugRequested()) process.stderr.write(`${e.stack}\n`);
  // A configuration error names the variable to set: a usage problem, not a crash.
  process.exit(e instanceof UsageError || (e instanceof Error && e.name === 'ConfigError') ? 2 : 1);
}

/** Wraps a commander action so every error becomes a one-line exit. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      exitOnError(e);
    }
  };
}
