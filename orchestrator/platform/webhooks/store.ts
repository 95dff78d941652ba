// Webhook endpoints (table webhook_endpoints). The secret is stored because
// we must sign with it; it is never logged nor returned by list().
import { z } from 'zod';
import { TaskName } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import type { ResultMessageV1 } from '../results/contract.ts';
import { text } from '../text.ts';

export class WebhookConfigError extends Error {
  override name = 'WebhookConfigError';
}

/** Which result messages an endpoint receives; an empty filter receives all. */
export const EventFilter = z
  .object({
    portals: z.array(text().min(1)).optional(),
    tasks: z.array(TaskName).optional(),
    outcomes: z.array(z.enum(['found', 'not_found', 'failed'])).optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof EventFilter>;

export const EndpointInput = z.object({
  url: text().refine((u) => {
    try {
      return ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL'),
  secret: text().min(16, 'must be at least 16 characters'),
  enabled: z.boolean().default(true),
  eventFilter: EventFilter.default({}),
});

export interface EndpointView {
  id: string;
  url: string;
  enabled: boolean;
  eventFilter: EventFilter;
}

export async function addEndpoint(db: Db, input: z.input<typeof EndpointInput>): Promise<EndpointView> {
  const r = EndpointInput.safeParse(input);
  if (!r.success) throw new WebhookConfigError(`${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
  const row = await db.webhookEndpoint.create({ data: { ...r.data, eventFilter: r.data.eventFilter as object } });
  return { id: row.id, url: row.url, enabled: row.enabled, eventFilter: r.data.eventFilter };
}

export function matches(filter: EventFilter, m: Pick<ResultMessageV1, 'portal' | 'task' | 'outcome'>): boolean {
  return (
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
