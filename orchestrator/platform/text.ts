// The one string schema for anything a person or another system sends us
// (API bodies, queries and params, CLI options, CSV cells, files we load).
// PostgreSQL cannot store a NUL byte in text or JSON, so a NUL that got past
// validation surfaced as a 500 from the database; refusing it here makes it a
// 400 that names the field, and keeps it out of logs and files too.
// Everything in orchestrator/ builds strings from text(), never z.string()
// (test/orchestrator/platform/text.unit.test.ts enforces it).
import { z } from 'zod';

export const NUL_MESSAGE = 'must not contain NUL bytes';

/** z.string() that refuses NUL (U+0000); chain .min/.max/.regex/.trim as usual. */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((s) => !s.includes('\u0000'), { message: NUL_MESSAGE, abort: true });
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v));
  return false;
}

/** Free-form JSON from outside (a schedule's target selection): any shape, but no NUL in any key or string. */
export function json() {
  return z.unknown().refine((v) => !containsNul(v), { message: NUL_MESSAGE });
}
