// Per-organization policy rows (write-off threshold, appeal-window overrides)
// merged over the shipped defaults.
import { z } from 'zod';
import type { Db } from '../platform/db/client.ts';
import { inputError } from './errors.ts';
import { AppealWindow, defaultPolicy, type WorkqueuePolicy } from './policy-data.ts';
import { text } from '../platform/text.ts';

export const PolicyUpdate = z.object({
  organizationId: text().min(1).max(100),
  writeOffThreshold: z.number().min(0).max(1_000_000),
  appealWindows: z.record(text().min(1), AppealWindow).default({}),
});
export type PolicyUpdate = z.input<typeof PolicyUpdate>;

export async function loadPolicy(db: Db, organizationId = 'default'): Promise<WorkqueuePolicy> {
  const row = await db.denialPolicy.findUnique({ where: { organizationId } });
  if (!row) return defaultPolicy({ organizationId });
  const windows = z.record(text(), AppealWindow).safeParse(row.appealWindows);
  if (!windows.success) throw inputError(`denial_policies[${organizationId}].appeal_windows`, windows.error.issues[0]);
  return defaultPolicy({
    organizationId,
    writeOffThreshold: Number(row.writeOffThreshold.toString()),
    appealWindows: windows.data,
  });
}

export async function setPolicy(db: Db, raw: PolicyUpdate): Promise<WorkqueuePolicy> {
  const p = PolicyUpdate.safeParse(raw);
  if (!p.success) throw inputError('policy', p.error.issues[0]);
  const data = { writeOffThreshold: p.data.writeOffThreshold.toFixed(2), appealWindows: p.data.appealWindows };
  await db.denialPolicy.upsert({
    where: { organizationId: p.data.organizationId },
    create: { organizationId: p.data.organizationId, ...data },
    update: data,
  });
  return loadPolicy(db, p.data.organizationId);
}
