// The latest credentialing status we hold per provider, and the alerts it
// raises today. Alerts are computed on read, not stored: they depend on the
// date, and the stored result is what the portal showed when we looked.
import { CredentialingStatusOutput } from '../../bots/index.ts';
import type { Db } from '../platform/db/client.ts';
import { credentialingAlerts, type CredentialingAlert } from './alerts.ts';

export interface ProviderStatus {
  npi: string;
  portal: string;
  checkedAt: Date;
  status: CredentialingStatusOutput;
  alerts: CredentialingAlert[];
}

export async function providerStatuses(db: Db, opts: { today: string; windowDays: number }): Promise<ProviderStatus[]> {
  const rows = await db.taskResult.findMany({
    where: { task: 'credentialing-status', outcome: 'found' },
    orderBy: { finishedAt: 'desc' },
    select: { portalId: true, data: true, finishedAt: true },
  });
  const latest = new Map<string, ProviderStatus>();
  for (const row of rows) {
    const parsed = CredentialingStatusOutput.safeParse(row.data);
    // A row that no longer matches the contract (older bot version) is skipped, not guessed at.
    if (!parsed.success || latest.has(parsed.data.npi)) continue;
    latest.set(parsed.data.npi, {
      npi: parsed.data.npi,
      portal: row.portalId,
      checkedAt: row.finishedAt,
      status: parsed.data,
      alerts: credentialingAlerts(parsed.data, opts.today, opts.windowDays),
    });
  }
  return [...latest.values()].sort((a, b) => b.alerts.length - a.alerts.length || a.npi.localeCompare(b.npi));
}
