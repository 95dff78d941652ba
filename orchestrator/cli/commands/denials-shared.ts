// What the `denials` verbs share: one-line option errors and a short-lived
// database connection whose work-queue input errors become usage errors (exit 2).
import type { z } from 'zod';
import { WorkqueueInputError } from '../../denials/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { UsageError } from '../errors.ts';
import { withDb as withCliDb } from '../db.ts';

export function parseOptions<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new UsageError(`--${String(r.error.issues[0]!.path[0])}: ${r.error.issues[0]!.message}`);
  return r.data;
}

export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  try {
    return await withCliDb(fn, 2);
  } catch (e) {
    throw e instanceof WorkqueueInputError ? new UsageError(e.message) : e;
  }
}
