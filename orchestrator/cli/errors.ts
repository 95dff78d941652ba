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

/**
 * The one line worth printing. Prisma's messages start with a blank line and
 * the call site ("Invalid `prisma.x.upsert()` invocation:"); the cause is the
 * last line. A missing table means the database was never migrated.
 */
export function oneLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if ((e as { code?: unknown })?.code === 'P2021')
    return 'the database has no portalbots tables: run `portalbots db migrate` (it uses DATABASE_URL)';
  const prisma = e instanceof Error && e.name.startsWith('PrismaClient');
  return (prisma ? lines.at(-1) : lines[0]) ?? (e instanceof Error ? e.name : 'unknown error');
}

export function exitOnError(e: unknown): never {
  process.stderr.write(`portalbots: ${oneLine(e)}\n`);
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
