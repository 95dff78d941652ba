// Moving a misrouted work item to another team (reassignTeam) against a real
// PostgreSQL schema: only known teams, never the same one, closed items stay
// put, and one history event says who moved it from which team to which, when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assign,
  escalateOverdue,
  getWorkItem,
  ingestClaimStatusResult,
  InvalidTransitionError,
  knownTeams,
  reassignTeam,
  transition,
  WorkqueueInputError,
} from '../../../orchestrator/denials/index.ts';
import { denied } from './fixtures.ts';
import { workqueueDb, type WorkqueueDb } from './seed.ts';

const NOW = new Date('2026-11-20T15:00:00Z');

describe('reassignTeam', () => {
  let w: WorkqueueDb;
  const item = async (carc: string) => {
    const claimId = await w.claim('aetna');
    const r = await ingestClaimStatusResult(
      w.db,
      { claimId, payerId: 'aetna', observedAt: NOW, data: denied(carc, 700) },
      { now: NOW },
    );
    return r.itemId!;
  };
  beforeAll(async () => {
    w = await workqueueDb('workqueue_team');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('lists the teams of the routing and handling tables', () => {
    const teams = knownTeams();
    expect(teams).toContain('denial-triage');
    expect(teams).toContain('billing-ops'); // the rejection owner of denial-handling.json
    expect(teams).toContain('provider-enrollment'); // only in rarc-routing.json
    expect(teams).toEqual([...new Set(teams)].sort());
  });

  it('moves an item, keeps its state, SLA and assignee, and records one event', async () => {
    const id = await item('16');
    await assign(w.db, id, { assignee: 'biller-1', actor: 'lead-1', now: NOW });
    const before = await getWorkItem(w.db, id);
    const to = knownTeams().find((t) => t !== before.team)!;
    const at = new Date(NOW.getTime() + 3_600_000);
    await reassignTeam(w.db, id, { team: to, actor: 'lead-2', note: 'payer says enrollment', now: at });
    const after = await getWorkItem(w.db, id);
    expect(after).toMatchObject({ team: to, state: 'assigned', assignee: 'biller-1', slaDueAt: before.slaDueAt });
    expect(after.history).toHaveLength(before.history.length + 1);
    expect(after.history.at(-1)).toMatchObject({
      kind: 'team',
      actor: 'lead-2',
      fromState: 'assigned',
      toState: 'assigned',
      at: at.toISOString(),
      note: `Moved from team ${before.team} to ${to}: payer says enrollment`,
      details: { fromTeam: before.team, toTeam: to, reason: 'payer says enrollment' },
    });
  });

  it('can hand the item over or unassign it with the move', async () => {
    const id = await item('197');
    await assign(w.db, id, { assignee: 'biller-1', actor: 'lead-1' });
    const from = (await getWorkItem(w.db, id)).team;
    const [a, b] = knownTeams().filter((t) => t !== from);
    await reassignTeam(w.db, id, { team: a!, actor: 'lead-1', assignee: null });
    expect(await getWorkItem(w.db, id)).toMatchObject({ team: a, assignee: null });
    await reassignTeam(w.db, id, { team: b!, actor: 'lead-1', assignee: 'coder-3' });
    const last = await getWorkItem(w.db, id);
    expect(last).toMatchObject({ team: b, assignee: 'coder-3' });
    expect(last.history.at(-1)!.details).toMatchObject({ assignee: 'coder-3', previousAssignee: null });
  });

  it('refuses the same team, an unknown team (naming the known ones) and a closed item', async () => {
    const id = await item('50');
    const { team } = await getWorkItem(w.db, id);
    await expect(reassignTeam(w.db, id, { team, actor: 'lead-1' })).rejects.toThrow(
      new WorkqueueInputError(`team: the item is already owned by ${team}`),
    );
    const unknown = reassignTeam(w.db, id, { team: 'nobody', actor: 'lead-1' });
    await expect(unknown).rejects.toBeInstanceOf(WorkqueueInputError);
    await expect(unknown).rejects.toThrow(`team: "nobody" is not a known team; use one of ${knownTeams().join(', ')}`);
    await expect(reassignTeam(w.db, id, { team: 'coding', actor: ' ' })).rejects.toThrow(/^team: actor: /);
    await transition(w.db, id, 'written_off', { actor: 'lead-1', note: 'not worth it' });
    const other = knownTeams().find((t) => t !== team)!;
    await expect(reassignTeam(w.db, id, { team: other, actor: 'lead-1' })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    const after = await getWorkItem(w.db, id);
    expect(after.team).toBe(team);
    expect(after.history.filter((e) => e.kind === 'team')).toHaveLength(0);
  });

  it('escalates an overdue moved item to the new team (not the old one)', async () => {
    const id = await item('16');
    const from = (await getWorkItem(w.db, id)).team;
    const to = knownTeams().find((t) => t !== from && t !== 'billing-manager')!;
    await reassignTeam(w.db, id, { team: to, actor: 'lead-1', now: NOW });
    const late = new Date(NOW.getTime() + 90 * 86_400_000);
    const escalations = await escalateOverdue(w.db, late);
    expect(escalations.find((e) => e.itemId === id)).toMatchObject({ level: 1, escalatedTo: `${to}-lead` });
  });
});
