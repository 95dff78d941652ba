// The work queue's editable data: per-category handling (data/denial-handling.json)
// and payer appeal windows (../platform/data/payers.json), validated once at
// load so a bad edit fails at start-up naming the field, not mid-ingest.
import { z } from 'zod';
import payersJson from '../platform/data/payers.json' with { type: 'json' };
import handlingJson from './data/denial-handling.json' with { type: 'json' };
import { inputError } from './errors.ts';
import { text } from '../platform/text.ts';

export const DENIAL_TYPES = ['soft', 'hard'] as const;
export type DenialType = (typeof DENIAL_TYPES)[number];
export const ROUTES = ['corrected_claim', 'appeal', 'write_off'] as const;
export type Route = (typeof ROUTES)[number];

const Handling = z.object({
  denialType: z.enum(DENIAL_TYPES),
  route: z.enum(['corrected_claim', 'appeal']),
  recoverability: z.number().gt(0).max(1),
});
export type Handling = z.infer<typeof Handling>;

const Carc = text().regex(/^[A-Z]?\d{1,3}$/, 'must be a CARC code');

/** orchestrator/data/denial-handling.json: per root-cause category (see its _comment). */
export const HandlingTable = z.object({
  categories: z
    .record(text().regex(/^[a-z][a-z-]*$/, 'must be a category id like medical-necessity'), Handling)
    .refine((c) => 'triage' in c, {
      message: 'must include "triage" (how codes in no category are handled)',
    }),
  rejection: Handling.extend({ team: text().regex(/^[a-z][a-z0-9-]*$/, 'must be a team id like billing-ops') }),
  nonDenialCarcs: z.array(Carc),
});
export type HandlingTable = z.infer<typeof HandlingTable>;

export const AppealWindow = z
  .object({
    days: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
    /** What the window counts from: the EOB/remittance date, the first denial we saw, or the payer's determination date. */
    from: z.enum(['eob', 'initial_denial', 'determination']),
    note: text().optional(),
  })
  .refine((w) => (w.days === undefined) !== (w.months === undefined), {
    message: 'give exactly one of days or months',
  });
export type AppealWindow = z.infer<typeof AppealWindow>;

const PayerFile = z.record(
  text(),
  z.object({
    name: text(),
    appealWindowDays: z.number().int().positive().nullable().optional(),
    appealWindow: AppealWindow.optional(),
  }),
);

function validated<T>(file: string, raw: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw inputError(file, parsed.error.issues[0]);
  return parsed.data;
}

export const defaultHandling: HandlingTable = validated(
  'orchestrator/denials/data/denial-handling.json',
  handlingJson,
  HandlingTable,
);

export const defaultAppealWindows: Record<string, AppealWindow> = Object.fromEntries(
  Object.entries(validated('orchestrator/platform/data/payers.json', payersJson, PayerFile)).flatMap(([id, p]) => {
    if (p.appealWindow) return [[id, p.appealWindow]];
    if (p.appealWindowDays) return [[id, { days: p.appealWindowDays, from: 'eob' as const }]];
    return [];
  }),
);

/** Used for payers with no window on file: the shortest common window, so a deadline is never overstated. */
export const FALLBACK_APPEAL_WINDOW: AppealWindow = { days: 90, from: 'eob', note: 'no window on file for this payer' };

/** Everything the pure decision logic needs from configuration. */
export interface WorkqueuePolicy {
  organizationId: string;
  /** Dollars at risk below this route to write-off instead of rework (default $25). */
  writeOffThreshold: number;
  handling: HandlingTable;
  /** Per payer; the organization's overrides are merged over payers.json. */
  appealWindows: Record<string, AppealWindow>;
}

export const DEFAULT_WRITE_OFF_THRESHOLD = 25;

export function defaultPolicy(overrides: Partial<WorkqueuePolicy> = {}): WorkqueuePolicy {
  return {
    organizationId: 'default',
    writeOffThreshold: DEFAULT_WRITE_OFF_THRESHOLD,
    handling: defaultHandling,
    ...overrides,
    appealWindows: { ...defaultAppealWindows, ...(overrides.appealWindows ?? {}) },
  };
}
