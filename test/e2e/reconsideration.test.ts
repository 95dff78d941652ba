// A reconsideration end to end on the UHC-like mock: work items from a real
// claim-status sweep; `denials appeal` (the same requestAppeal + deps the CLI
// and API use) builds the appeal packet from the evidence store and queues the
// bot on the real queue; real Chromium fills the portal's form. Dry run by
// default (and when the portal is not enabled) with nothing submitted; a
// refused upload fails typed with nothing submitted; a real submit moves the
// item to appealed with the portal's tracking number; asking again submits
// nothing (idempotent by item, also for two requests at once); the payer's
// decision, issued through the mock's admin endpoint, lands on the item via
// the daily loop's scheduled reconsideration-status check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bots } from '../../bots/registry.ts';
import { demoCredentials, startUhcPortal } from '../../mock-portals/index.ts';
import { trackingNumberFor } from '../../mock-portals/shared/reconsiderations.ts';
import { type AppealRequestResult, requestAppeal } from '../../orchestrator/denials/appeals.ts';
import { runDailyLoop } from '../../orchestrator/denials/daily-loop.ts';
import { getWorkItem } from '../../orchestrator/denials/index.ts';
import { submitLookups } from '../../orchestrator/platform/runs/submit.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { appealDeps } from '../../orchestrator/web/appeal-deps.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 42;

describe('reconsideration through queue, worker and portal', () => {
  let portal: Awaited<ReturnType<typeof startUhcPortal>>;
  let h: Harness;
  const logs = captureLogs();
  let claims: string[];
  let enabled: string[];

  const deps = () =>
    appealDeps({
      db: h.db,
      evidence: h.evidence,
      queueFor: h.queues.queueFor,
      bots,
      config: { ...h.config, submitReconsideration: enabled },
      trigger: 'cli',
      requestedBy: 'biller-1',
    });
  const appeal = (claim: string, submit: boolean) =>
    requestAppeal(h.db, deps(), claim, { actor: 'biller-1', submit, reason: 'medical_necessity' });
  const answer = async (r: AppealRequestResult) => {
    expect(r.status).toBe('queued');
    const [row] = await waitForRun(h.db, (r as { runId: string }).runId, 1, { timeoutMs: 120_000 });
    return row!;
  };
  const held = async (claim: string) =>
    (
      (await fetch(`${portal.url}/__admin/reconsiderations`).then((r) => r.json())).reconsiderations as {
        claimNumber: string;
        trackingNumber: string;
      }[]
    ).filter((r) => r.claimNumber === claim);
  const item = async (claim: string) => {
    const c = await h.db.claim.findFirstOrThrow({ where: { claimNumber: claim } });
    return getWorkItem(h.db, (await h.db.denialWorkItem.findUniqueOrThrow({ where: { claimId: c.id } })).id);
  };

  beforeAll(async () => {
    portal = await startUhcPortal({ seed: SEED });
    h = await createHarness('reconsider', { uhc: portal.url });
    enabled = [];
    const seeded = new Set(portal.truth.reconsiderations.map((r) => r.claimNumber));
    claims = portal.truth.claims
      .filter((c) => c.denial && !seeded.has(c.claimNumber))
      .slice(0, 3)
      .map((c) => c.claimNumber);
    await h.startWorker({ credentials: { uhc: demoCredentials(SEED).uhc }, logger: logs.logger });
    const run = await h.submit('uhc', 'claim-status', claims);
    await waitForRun(h.db, run.runId, claims.length, { timeoutMs: 120_000 });
    for (const c of claims) expect((await item(c)).state, c).toBe('new');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await portal?.close();
  });

  it('is a dry run by default and while the portal is not enabled: review page captured, nothing submitted', async () => {
    const [a] = claims as [string];
    const first = await appeal(a, false);
    expect(first).toMatchObject({ status: 'queued', dryRun: true, claimNumber: a, portal: 'uhc' });
    const row = await answer(first);
    expect(row.outcome).toBe('found');
    expect(row.data).toMatchObject({ status: 'dry_run', trackingNumber: null });
    const shots = await h.db.evidence.findMany({ where: { jobId: row.jobId }, orderBy: { capturedAt: 'asc' } });
    expect(shots.map((e) => e.label).at(-1)).toBe('submit-reconsideration: step 3 review');

    const asked = await appeal(a, true);
    expect(asked).toMatchObject({ status: 'queued', dryRun: true });
    expect((asked as { dryRunReason: string }).dryRunReason).toContain('PORTALBOTS_PORTAL_UHC_SUBMIT_APPEALS');
    expect((await answer(asked)).data).toMatchObject({ status: 'dry_run' });
    expect(await held(a)).toEqual([]);
    const w = await item(a);
    expect(w.state).toBe('new');
    expect(w.history.filter((e) => e.kind === 'appeal_dry_run')).toHaveLength(2);
  }, 180_000);

  it('a refused upload fails as upload_failed, submits nothing, and the item can be appealed again', async () => {
    const b = claims[1]!;
    enabled = ['uhc'];
    portal.setFaults({ uploadFails: true });
    const r = await appeal(b, true);
    expect(r).toMatchObject({ status: 'queued', dryRun: false });
    const row = await answer(r);
    expect(row).toMatchObject({ outcome: 'failed', errorClass: 'upload_failed' });
    expect(await held(b)).toEqual([]);
    expect((await item(b)).state).toBe('new');

    portal.setFaults({ uploadFails: false });
    // Two requests at once: one queues, the other sees it in flight.
    const both = await Promise.all([appeal(b, true), appeal(b, true)]);
    const queued = both.filter((x) => x.status === 'queued');
    expect(queued).toHaveLength(1);
    expect(both.filter((x) => x.status === 'in_flight')).toHaveLength(1);
    expect((await answer(queued[0]!)).data).toMatchObject({ status: 'submitted' });
    expect(await held(b)).toHaveLength(1);
  }, 180_000);

  it('submits, moves the item to appealed with the tracking number, never twice, and lands the decision', async () => {
    const c = claims[2]!;
    enabled = ['uhc'];
    const row = await answer(await appeal(c, true));
    const tracking = trackingNumberFor(SEED, 'uhc', 'RCN', c);
    expect(row.data).toMatchObject({ status: 'submitted', trackingNumber: tracking });
    let w = await item(c);
    expect(w).toMatchObject({ state: 'appealed', confirmationNumber: tracking, submissionChannel: 'portal' });
    expect(w.history.some((e) => e.actor === 'system:appeals' && (e.note ?? '').includes(tracking))).toBe(true);

    const again = await appeal(c, true);
    expect(again).toEqual({
      status: 'already_submitted',
      itemId: w.id,
      claimNumber: c,
      portal: 'uhc',
      trackingNumber: tracking,
    });
    expect(await held(c)).toHaveLength(1);
    const claimId = (await h.db.claim.findFirstOrThrow({ where: { claimNumber: c } })).id;
    const appealRuns = await h.db.run.findMany({ where: { task: 'submit-reconsideration' }, select: { id: true } });
    expect(await h.db.runJob.count({ where: { claimId, runId: { in: appealRuns.map((r) => r.id) } } })).toBe(1);

    // The payer decides; the next daily loop after the follow-up date reads it.
    const decided = await fetch(`${portal.url}/__admin/reconsiderations/${tracking}/decide`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'overturned', amount: 212.5 }),
    });
    expect(decided.status).toBe(200);
    const statusRuns: string[] = [];
    const report = await runDailyLoop(
      h.db,
      {
        supports: (portal, task) => Boolean(bots[portal]?.tasks[task]),
        submit: async (portal, task, claimNumbers) => {
          const run = await submitLookups(
            { db: h.db, queueFor: h.queues.queueFor, bots, jobAttempts: 3, queueSettings: h.config.queues },
            { portal, task, claimNumbers, trigger: 'schedule', requestedBy: 'schedule:denials-daily' },
          );
          if (task === 'reconsideration-status') statusRuns.push(run.runId);
          return { runId: run.runId };
        },
      },
      new Date(Date.now() + 15 * 86_400_000),
    );
    const check = report.followUps.find((f) => f.task === 'reconsideration-status');
    expect(check?.claimNumbers.sort()).toEqual([claims[1]!, c].sort());
    const rows = await waitForRun(h.db, statusRuns[0]!, 2, { timeoutMs: 120_000 });
    expect(rows.find((r) => r.claimNumber === c)?.data).toMatchObject({ status: 'decided', decision: 'overturned' });
    w = await item(c);
    expect(w).toMatchObject({ state: 'resolved', outcome: 'overturned', recoveredAmount: 212.5 });
    // The other appeal is still in review: its item stays appealed.
    expect((await item(claims[1]!)).state).toBe('appealed');
  }, 240_000);
});
