// Run health per portal from task_results: success rate, failures by error
// class, latency percentiles. Computed in PostgreSQL so the API never loads
// a week of rows into memory.
import type { Db } from '../../platform/db/client.ts';
import { Prisma } from '../../platform/db/client.ts';

export interface PortalHealth {
  portal: string;
  total: number;
  found: number;
  notFound: number;
  ambiguousMatch: number;
  failed: number;
  /**
   * (found + not_found + ambiguous_match) / total: a claim the portal does not know, or a worklist row that
   * matches two claims exactly, is still a lookup the bot got right.
   */
  successRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  failuresByClass: Record<string, number>;
}

export async function portalHealth(db: Db, since: Date): Promise<PortalHealth[]> {
  const rows = await db.$queryRaw<
    {
      portal_id: string;
      total: bigint;
      found: bigint;
      not_found: bigint;
      ambiguous_match: bigint;
      failed: bigint;
      p50: number | null;
      p95: number | null;
    }[]
  >(Prisma.sql`
    SELECT portal_id,
           count(*) AS total,
           count(*) FILTER (WHERE outcome = 'found') AS found,
           count(*) FILTER (WHERE outcome = 'not_found') AS not_found,
           count(*) FILTER (WHERE outcome = 'ambiguous_match') AS ambiguous_match,
           count(*) FILTER (WHERE outcome = 'failed') AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (finished_at - started_at)) * 1000) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (finished_at - started_at)) * 1000) AS p95
      FROM task_results WHERE finished_at >= ${since}
     GROUP BY portal_id ORDER BY portal_id`);
  const classes = await db.taskResult.groupBy({
    by: ['portalId', 'errorClass'],
    where: { finishedAt: { gte: since }, outcome: 'failed' },
    _count: { _all: true },
  });
  return rows.map((r) => {
    const total = Number(r.total);
    const failuresByClass: Record<string, number> = {};
    for (const c of classes)
      if (c.portalId === r.portal_id) failuresByClass[c.errorClass ?? 'unclassified'] = c._count._all;
    return {
      portal: r.portal_id,
      total,
      found: Number(r.found),
      notFound: Number(r.not_found),
      ambiguousMatch: Number(r.ambiguous_match),
      failed: Number(r.failed),
      successRate: total ? (Number(r.found) + Number(r.not_found) + Number(r.ambiguous_match)) / total : null,
      latencyP50Ms: r.p50 === null ? null : Math.round(Number(r.p50)),
      latencyP95Ms: r.p95 === null ? null : Math.round(Number(r.p95)),
      failuresByClass,
    };
  });
}
