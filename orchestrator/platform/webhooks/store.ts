// Webhook endpoints (table webhook_endpoints), managed with `portalbots
// webhooks add|list|remove` and /api/v1/webhooks. The signing secret is made
// here (32 random bytes), shown once to whoever adds the endpoint, and stored
// sealed with the vault keys (secret-box.ts); it is never logged nor listed.
// URLs must be https:// except http:// to this host (loopback), which is for
// development: result data must not cross a network in clear text.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TaskName } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import type { ResultMessageV1 } from '../results/contract.ts';
import { text } from '../text.ts';
import { type EventKind, WEBHOOK_EVENTS } from './event-names.ts';
import { type SecretBox, webhookSecretAad, WebhookSecretError } from './secret-box.ts';

export class WebhookConfigError extends Error {
  override name = 'WebhookConfigError';
}

/**
 * Which messages an endpoint receives (docs/WEBHOOKS.md). Without `events` it receives every result
 * message (as endpoints always have) and no other event: an existing receiver never gets a body shape it
 * does not know. `events` lists what it wants, e.g. ['result', 'denial.escalated', 'accounts.low'].
 * `portals` applies to every kind that names a portal; `tasks` and `outcomes` to results only.
 */
export const EventFilter = z
  .object({
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
    portals: z.array(text().min(1)).optional(),
    tasks: z.array(TaskName).optional(),
    outcomes: z.array(z.enum(['found', 'not_found', 'ambiguous_match', 'failed'])).optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof EventFilter>;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** https:// anywhere; http:// only to this host (development). */
export function webhookUrlProblem(u: string): string | undefined {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return undefined;
  return url.protocol === 'http:'
    ? 'must be https:// (http:// is accepted only for localhost, in development)'
    : 'must be an https:// URL';
}

export const EndpointInput = z
  .object({
    url: text()
      .max(2000)
      .superRefine((u, ctx) => {
        const problem = webhookUrlProblem(u);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    enabled: z.boolean().default(true),
    eventFilter: EventFilter.default({}),
  })
  .strict();

export interface EndpointView {
  id: string;
  url: string;
  enabled: boolean;
  eventFilter: EventFilter;
  createdAt: Date;
}

export interface AddedEndpoint extends EndpointView {
  /** The signing secret: shown once, stored sealed. */
  secret: string;
}

export async function addEndpoint(
  db: Db,
  box: SecretBox,
  input: z.input<typeof EndpointInput>,
): Promise<AddedEndpoint> {
  const r = EndpointInput.safeParse(input);
  if (!r.success) throw new WebhookConfigError(`${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: { url: r.data.url, enabled: r.data.enabled, eventFilter: r.data.eventFilter as object },
    });
    const sealed = box.seal(secret, webhookSecretAad(created.id));
    return tx.webhookEndpoint.update({
      where: { id: created.id },
      data: { secretKeyId: sealed.keyId, secretBlob: sealed.blob },
    });
  });
  return { ...viewOf(row), secret };
}

function viewOf(row: {
  id: string;
  url: string;
  enabled: boolean;
  eventFilter: unknown;
  createdAt: Date;
}): EndpointView {
  const f = EventFilter.safeParse(row.eventFilter);
  return {
    id: row.id,
    url: row.url,
    enabled: row.enabled,
    eventFilter: f.success ? f.data : {},
    createdAt: row.createdAt,
  };
}

export async function listEndpoints(db: Db): Promise<EndpointView[]> {
  const rows = await db.webhookEndpoint.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, url: true, enabled: true, eventFilter: true, createdAt: true },
  });
  return rows.map(viewOf);
}

/** Removes the endpoint and its delivery log; false when there was none. Queued deliveries to it are dropped. */
export async function removeEndpoint(db: Db, id: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const found = await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true } });
    if (!found) return false;
    await tx.webhookDelivery.deleteMany({ where: { endpointId: id } });
    await tx.webhookEndpoint.delete({ where: { id } });
    return true;
  });
}

/** The secret to sign with: sealed (needs the vault keys) or, for rows from before sealing, the legacy plaintext. */
export function endpointSecret(
  row: { id: string; secret: string | null; secretKeyId: string | null; secretBlob: Uint8Array | null },
  box: SecretBox | undefined,
): string {
  if (row.secretKeyId && row.secretBlob) {
    if (!box)
      throw new WebhookSecretError(
        `webhook endpoint ${row.id}: its secret is sealed; set PORTALBOTS_CREDENTIAL_KEYS for the orchestrator`,
      );
    return box.open(row.secretKeyId, row.secretBlob, webhookSecretAad(row.id));
  }
  if (row.secret) return row.secret;
  throw new WebhookSecretError(`webhook endpoint ${row.id} has no secret`);
}

export function matches(filter: EventFilter, m: Pick<ResultMessageV1, 'portal' | 'task' | 'outcome'>): boolean {
  return (
    (!filter.events || filter.events.includes('result')) &&
    (!filter.portals || filter.portals.includes(m.portal)) &&
    (!filter.tasks || filter.tasks.includes(m.task)) &&
    (!filter.outcomes || filter.outcomes.includes(m.outcome))
  );
}

/** Enabled endpoints whose filter takes this message. A row with a broken filter is skipped, not fatal. */
export async function endpointsFor(db: Db, m: Pick<ResultMessageV1, 'portal' | 'task' | 'outcome'>): Promise<string[]> {
  const rows = await db.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true, eventFilter: true } });
  return rows
    .filter((r) => {
      const f = EventFilter.safeParse(r.eventFilter);
      return f.success && matches(f.data, m);
    })
    .map((r) => r.id);
}

/**
 * An event (anything but a result) goes only where the filter lists its kind (events are opt-in), and
 * where `portals` takes its portal when it names one (a work-queue escalation spans portals).
 */
export function matchesEvent(filter: EventFilter, e: { event: EventKind; portal?: string }): boolean {
  return (filter.events ?? []).includes(e.event) && (!filter.portals || !e.portal || filter.portals.includes(e.portal));
}

/** Enabled endpoints that take this event. */
export async function endpointsForEvent(db: Db, e: { event: EventKind; portal?: string }): Promise<string[]> {
  const rows = await db.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true, eventFilter: true } });
  return rows
    .filter((r) => {
      const f = EventFilter.safeParse(r.eventFilter);
      return f.success && matchesEvent(f.data, e);
    })
    .map((r) => r.id);
}
