// Schemas shared by several route modules.
import { z } from 'zod';
import { text } from '../../platform/text.ts';

/** Dates travel as ISO-8601 strings; handlers work with Date objects. */
export const Timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (s) => new Date(s),
  encode: (d) => d.toISOString(),
});

export const Uuid = z.uuid('must be a UUID');
export const IdParams = z.object({ id: Uuid }).strict();

export const PortalId = text().regex(/^[a-z0-9-]{1,40}$/, 'must be a lowercase portal id');

/** A claim in a path: its UUID, or the payer's claim number (then ?portal= when ambiguous). */
export const ClaimParams = z
  .object({ claim: text().regex(/^[A-Za-z0-9-]{5,40}$/, 'must be a claim id or claim number') })
  .strict();
export const ClaimQuery = z.object({ portal: PortalId.optional() }).strict();

export const Limit = z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(50);
