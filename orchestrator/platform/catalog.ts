// Keeps the portals and payers tables in step with the bots we ship and the
// payer data file (appeal windows from DESIGN.md, overridable per deployment).
import { z } from 'zod';
import payersJson from './data/payers.json' with { type: 'json' };
import type { BotDefinition } from '../../bots/index.ts';
import type { Db } from './db/client.ts';
import { text } from './text.ts';

const PayerCatalog = z.record(
  text(),
  z.object({ name: text().min(1), appealWindowDays: z.number().int().positive().nullable() }),
);
export type PayerCatalog = z.infer<typeof PayerCatalog>;

export const payerCatalog: PayerCatalog = PayerCatalog.parse(payersJson);

export function payerName(id: string): string {
  return payerCatalog[id]?.name ?? id;
}

export async function syncCatalog(
  db: Db,
  bots: readonly BotDefinition[],
  portalUrls: Record<string, string> = {},
): Promise<void> {
  for (const bot of bots) {
    const baseUrl = portalUrls[bot.portal] ?? bot.defaultBaseUrl;
    await db.portal.upsert({
      where: { id: bot.portal },
      create: { id: bot.portal, name: bot.name, baseUrl },
      update: { name: bot.name, baseUrl },
    });
    for (const payer of bot.payers) {
      const entry = payerCatalog[payer];
      await db.payer.upsert({
        where: { id: payer },
        create: {
          id: payer,
          name: entry?.name ?? payer,
          portalId: bot.portal,
          appealWindowDays: entry?.appealWindowDays ?? null,
        },
        update: {},
      });
    }
  }
}
