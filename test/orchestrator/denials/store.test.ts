// The work queue against a real PostgreSQL schema: one item per claim,
// merged updates, recorded history, validated transitions, SLA escalation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escalateOverdue,
  getWorkItem,
  getWorkItemByClaim,
  ingestClaimStatusResult,
  ingestDenialDetailsResult,
  ingestEraClaim,
  InvalidTransitionError,
  listWorkItems,
  recordOutcome,
  rescoreOpenItems,
  setPolicy,
  transition,
  WorkqueueInputError,
} from '../../../orchestrator/denials/index.ts';
import { denied, eraClaim, statusData } from './fixtures.ts';
import { workqueueDb, type WorkqueueDb } from './seed.ts';

const FRIDAY = new Date('2026-11-20T15:00:00Z');
const hoursLater = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);

describe('denial work queue persistence', () => {
  let w: WorkqueueDb;
  beforeAll(async () => {
    w = await workqueueDb('workqueue_store');
  });
  afterAll(async () => {
    await w?.close();
  });

  it('creates one item per claim and updates it, not duplicates it, as new information arrives', async () => {
    const claimId = await w.claim('aetna');
    const first = { claimId, payerId: 'aetna', resultId: 'res-1', observedAt: FRIDAY, data: denied('16', 500) };
    expect(await ingestClaimStatusResult(w.db, first, { now: FRIDAY })).toMatchObject({ action: 'created' });
    // The same result delivered again (worker retry) changes nothing and records nothing.
    expect(await ingestClaimStatusResult(w.db, first, { now: FRIDAY })).toMatchObject({ action: 'unchanged' });
    const details = {
      claimId,
      resultId: 'res-2',
      observedAt: hoursLater(FRIDAY, 2),
      data: {
        carcCodes: [{ code: '16' }, { code: '4', group: 'CO', amount: 120 }],
        remarkCodes: ['M51'],
        rationale: 'Modifier 25 missing',
        appealDeadline: '2027-02-01',
      },
    };
    const second = await ingestDenialDetailsResult(w.db, details, { now: hoursLater(FRIDAY, 2) });
    expect(second.action).toBe('updated');
    const era = {
      claimId,
      payerId: 'aetna',
      resultId: 'era-1',
      observedAt: hoursLater(FRIDAY, 30),
      paymentDate: '2026-11-19',
      claim: eraClaim({
        chargeAmount: 500,
        serviceLines: [
          {
            ...eraClaim().serviceLines[0]!,
            chargeAmount: 500,
            adjustments: [{ group: 'CO', reason: '16', amount: 450, quantity: null }],
          },
        ],
      }),
    };
    expect(await ingestEraClaim(w.db, era, { now: hoursLater(FRIDAY, 30) })).toMatchObject({
      action: 'updated',
      itemId: second.itemId,
    });

    expect(await w.db.denialWorkItem.count({ where: { claimId } })).toBe(1);
    const item = (await getWorkItemByClaim(w.db, claimId, hoursLater(FRIDAY, 30)))!;
    expect(item).toMatchObject({
      kind: 'denial',
      rootCause: 'coding',
      team: 'coding',
      denialType: 'soft',
      route: 'corrected_claim',
      primaryCarc: '16',
      rationale: 'Modifier 25 missing',
      remarkCodes: ['M51', 'N54'],
      appealDeadline: '2027-02-01T00:00:00.000Z',
      deadlineSource: 'portal',
      dollarsAtRisk: 570, // CO-16 now 450 (the 835 is newer) + CO-4 120
    });
    expect(item.adjustments).toEqual([
      { group: 'CO', carc: '16', amount: 450 },
      { group: 'CO', carc: '4', amount: 120 },
    ]);
    expect(item.sources.map((s) => s.resultId)).toEqual(['res-1', 'res-2', 'era-1']);
    expect(item.history.map((e) => e.kind)).toEqual(['created', 'updated', 'updated']);
    expect(item.history[1]!.note).toMatch(/rationale/);
  });

  it('records every state change with who, when, from and to, and the appeal outcome', async () => {
    const claimId = await w.claim('cigna');
    const { itemId } = await ingestClaimStatusResult(
      w.db,
      { claimId, observedAt: FRIDAY, data: denied('50', 2400, { payer: 'cigna' }) },
      { now: FRIDAY },
    );
    const id = itemId!;
    await transition(w.db, id, 'assigned', { actor: 'lead@clinic', assignee: 'dana', now: hoursLater(FRIDAY, 1) });
    await transition(w.db, id, 'in_progress', { actor: 'dana', now: hoursLater(FRIDAY, 2) });
    await transition(w.db, id, 'appealed', {
      actor: 'dana',
      channel: 'portal',
      confirmationNumber: 'APL-77',
      note: 'LCD L33718 cited',
      now: hoursLater(FRIDAY, 3),
    });
    let item = await getWorkItem(w.db, id, hoursLater(FRIDAY, 3));
    expect(item).toMatchObject({
      state: 'appealed',
      assignee: 'dana',
      submissionChannel: 'portal',
      confirmationNumber: 'APL-77',
      followUpAt: '2026-12-04T18:00:00.000Z',
      slaDueAt: '2026-12-04T18:00:00.000Z',
    });
    await recordOutcome(w.db, id, {
      outcome: 'overturned',
      recoveredAmount: 1800,
      actor: 'dana',
      note: 'paid on reconsideration',
      now: hoursLater(FRIDAY, 400),
    });
    item = await getWorkItem(w.db, id);
    expect(item).toMatchObject({
      state: 'resolved',
      outcome: 'overturned',
      recoveredAmount: 1800,
      resolvedAt: hoursLater(FRIDAY, 400).toISOString(),
    });
    expect(item.history.map((e) => [e.kind, e.actor, e.fromState, e.toState])).toEqual([
      ['created', 'system', null, 'new'],
      ['transition', 'lead@clinic', 'new', 'assigned'],
      ['transition', 'dana', 'assigned', 'in_progress'],
      ['transition', 'dana', 'in_progress', 'appealed'],
      ['outcome', 'dana', 'appealed', 'resolved'],
    ]);
    expect(item.history[3]).toMatchObject({ note: 'LCD L33718 cited', at: hoursLater(FRIDAY, 3).toISOString() });
  });

  it('rejects invalid transitions with a clear error and leaves the item untouched', async () => {
    const claimId = await w.claim('aetna');
    const { itemId } = await ingestClaimStatusResult(
      w.db,
      { claimId, observedAt: FRIDAY, data: denied('197', 700) },
      { now: FRIDAY },
    );
    const id = itemId!;
    const err = await transition(w.db, id, 'appealed', { actor: 'dana', channel: 'portal' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTransitionError);
    expect((err as Error).message).toBe(
      'Cannot move a work item from "new" to "appealed"; from "new" it can go to "assigned", "in_progress", "written_off", "resolved"',
    );
    await expect(transition(w.db, id, 'resolved', { actor: 'dana' })).rejects.toThrow(/use recordOutcome/);
    await expect(transition(w.db, id, 'written_off', { actor: 'dana' })).rejects.toThrow(WorkqueueInputError);
    await expect(transition(w.db, id, 'assigned', { actor: 'dana' })).rejects.toThrow('assignee: is required');
    await expect(transition(w.db, id, 'in_progress', { actor: ' ' })).rejects.toThrow('transition: actor: is required');
    await expect(transition(w.db, id, 'frozen', { actor: 'dana' })).rejects.toThrow(/transition: to:/);
    await expect(recordOutcome(w.db, id, { outcome: 'overturned', actor: 'dana' })).rejects.toThrow(
      'outcome: recoveredAmount: is required',
    );
    const item = await getWorkItem(w.db, id);
    expect(item.state).toBe('new');
    expect(item.history).toHaveLength(1);
  });

  it('escalates items past their SLA once per due date, and again one level up after the next miss', async () => {
    const soft = await w.claim('aetna');
    const hard = await w.claim('uhc');
    const s = (
      await ingestClaimStatusResult(
        w.db,
        { claimId: soft, observedAt: FRIDAY, data: denied('27', 300) },
        { now: FRIDAY },
      )
    ).itemId!;
    const h = (
      await ingestClaimStatusResult(
        w.db,
        { claimId: hard, observedAt: FRIDAY, data: denied('50', 3000, { payer: 'uhc' }) },
        { now: FRIDAY },
      )
    ).itemId!;
    // Soft denial due 2026-11-27 15:00 (5 business days); hard due in 30 days.
    const justBefore = new Date('2026-11-27T14:59:00Z');
    expect((await escalateOverdue(w.db, justBefore)).map((e) => e.itemId)).not.toContain(s);
    const after = new Date('2026-11-28T09:00:00Z');
    const escalated = await escalateOverdue(w.db, after);
    expect(escalated.filter((e) => e.itemId === s || e.itemId === h)).toEqual([
      { itemId: s, level: 1, escalatedTo: 'front-desk-vob-lead', slaDueAt: '2026-11-27T15:00:00.000Z' },
    ]);
    expect(await escalateOverdue(w.db, after)).toEqual([]);
    const overdue = await listWorkItems(w.db, { overdue: true, now: after });
    expect(overdue.map((i) => i.id)).toContain(s);
    expect(overdue.map((i) => i.id)).not.toContain(h);
    const item = await getWorkItem(w.db, s);
    expect(item.escalationLevel).toBe(1);
    expect(item.history.at(-1)).toMatchObject({
      kind: 'escalation',
      actor: 'system:sla',
      fromState: 'new',
      toState: 'new',
    });
    expect(item.history.at(-1)!.note).toMatch(/SLA due 2026-11-27T15:00:00.000Z passed 18h ago.*front-desk-vob-lead/);
    // Worked and corrected by mail: follow-up in 30 days; missing that escalates to the billing manager.
    await transition(w.db, s, 'in_progress', { actor: 'sam', now: after });
    await transition(w.db, s, 'corrected', { actor: 'sam', channel: 'mail', now: after });
    expect(await escalateOverdue(w.db, new Date('2026-12-20T00:00:00Z'))).toEqual([]);
    const second = await escalateOverdue(w.db, new Date('2026-12-29T00:00:00Z'));
    expect(second.find((e) => e.itemId === s)).toEqual({
      itemId: s,
      level: 2,
      escalatedTo: 'billing-manager',
      slaDueAt: '2026-12-28T09:00:00.000Z',
    });
  });

  it('catches silent denials: zero pay and payment below the allowed amount', async () => {
    const zero = await w.claim('aetna');
    const zeroData = statusData({
      statusCategory: 'F4',
      paidAmount: 0,
      patientResponsibility: 0,
      adjustments: [{ group: 'CO', carc: '45', amount: 200 }],
    });
    const z = await ingestClaimStatusResult(
      w.db,
      { claimId: zero, observedAt: FRIDAY, data: zeroData },
      { now: FRIDAY },
    );
    expect(await getWorkItem(w.db, z.itemId!)).toMatchObject({
      kind: 'zero_pay',
      silent: true,
      rootCause: 'triage',
      team: 'denial-triage',
      dollarsAtRisk: 300,
    });

    const short = await w.claim('medicare');
    const line = {
      ...eraClaim().serviceLines[0]!,
      chargeAmount: 500,
      paidAmount: 180,
      allowedAmount: 300,
      adjustments: [
        { group: 'CO', reason: '45', amount: 200, quantity: null },
        { group: 'PR', reason: '2', amount: 60, quantity: null },
      ],
    };
    const era = {
      claimId: short,
      payerId: 'medicare',
      observedAt: FRIDAY,
      paymentDate: '2026-11-18',
      claim: eraClaim({
        statusCode: '1',
        chargeAmount: 500,
        paidAmount: 180,
        patientResponsibility: 60,
        serviceLines: [line],
      }),
    };
    const u = await ingestEraClaim(w.db, era, { now: FRIDAY });
    expect(await getWorkItem(w.db, u.itemId!)).toMatchObject({
      kind: 'underpayment',
      silent: true,
      primaryCarc: '45',
      rootCause: 'contractual',
      team: 'contract-management',
      dollarsAtRisk: 60,
      appealDeadline: '2027-03-18T00:00:00.000Z',
      deadlineSource: 'payer:medicare', // 120 days from 2026-11-18
    });
    // A claim paid as allowed is not a denial and creates nothing.
    const fine = await w.claim('aetna');
    expect(await ingestClaimStatusResult(w.db, { claimId: fine, observedAt: FRIDAY, data: statusData() })).toEqual({
      action: 'ignored',
      itemId: null,
    });
  });

  it('resolves an appealed item when the payer later reports it paid, counting the recovered dollars', async () => {
    const claimId = await w.claim('aetna');
    const id = (
      await ingestClaimStatusResult(w.db, { claimId, observedAt: FRIDAY, data: denied('197', 900) }, { now: FRIDAY })
    ).itemId!;
    await transition(w.db, id, 'in_progress', { actor: 'pat', now: FRIDAY });
    await transition(w.db, id, 'appealed', { actor: 'pat', channel: 'portal', now: FRIDAY });
    const paid = statusData({
      billedAmount: 900,
      allowedAmount: 700,
      paidAmount: 650,
      patientResponsibility: 50,
      adjustments: [
        { group: 'CO', carc: '45', amount: 200 },
        { group: 'PR', carc: '3', amount: 50 },
      ],
    });
    const r = await ingestClaimStatusResult(
      w.db,
      { claimId, observedAt: hoursLater(FRIDAY, 300), data: paid },
      { now: hoursLater(FRIDAY, 300) },
    );
    expect(r).toEqual({ action: 'resolved', itemId: id });
    const item = await getWorkItem(w.db, id);
    expect(item).toMatchObject({ state: 'resolved', outcome: 'overturned', recoveredAmount: 650, paidAmount: 650 });
    expect(item.history.at(-1)).toMatchObject({
      kind: 'outcome',
      actor: 'system',
      fromState: 'appealed',
      toState: 'resolved',
    });
  });

  it('keeps one item when the same claim is ingested concurrently', async () => {
    const claimId = await w.claim('aetna');
    const obs = (i: number) => ({
      claimId,
      resultId: `c-${i}`,
      observedAt: hoursLater(FRIDAY, i),
      data: denied(i % 2 ? '16' : '4', 100 + i),
    });
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => ingestClaimStatusResult(w.db, obs(i), { now: FRIDAY })),
    );
    expect(results.filter((r) => r.action === 'created')).toHaveLength(1);
    expect(new Set(results.map((r) => r.itemId)).size).toBe(1);
    expect(await w.db.denialWorkItem.count({ where: { claimId } })).toBe(1);
    const item = (await getWorkItemByClaim(w.db, claimId))!;
    expect(item.adjustments.map((a) => a.carc).sort()).toEqual(['16', '4']);
    expect(item.sources).toHaveLength(5);
  });

  it('lists by team and state, highest priority first, applies the organization write-off threshold, and rescores', async () => {
    await setPolicy(w.db, { organizationId: 'clinic-b', writeOffThreshold: 100 });
    const small = await w.claim('aetna');
    const s = await ingestClaimStatusResult(
      w.db,
      { claimId: small, observedAt: FRIDAY, data: denied('18', 80) },
      { now: FRIDAY, organizationId: 'clinic-b' },
    );
    expect(await getWorkItem(w.db, s.itemId!)).toMatchObject({
      route: 'write_off',
      team: 'billing-ops',
      organizationId: 'clinic-b',
    });

    const coding = await listWorkItems(w.db, { team: 'coding', now: FRIDAY });
    expect(coding.length).toBeGreaterThan(1);
    expect(
      coding.every(
        (i) => i.team === 'coding' && ['new', 'assigned', 'in_progress', 'appealed', 'corrected'].includes(i.state),
      ),
    ).toBe(true);
    const scores = coding.map((i) => i.priorityScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await listWorkItems(w.db, { state: 'resolved' })).every((i) => i.state === 'resolved')).toBe(true);
    await expect(listWorkItems(w.db, { team: 'Coding Team' })).rejects.toThrow(
      'work item filters: team: must be a team id',
    );
    await expect(
      ingestClaimStatusResult(w.db, {
        claimId: '00000000-0000-4000-8000-00000000ffff',
        observedAt: FRIDAY,
        data: denied('16'),
      }),
    ).rejects.toThrow(/claimId: claim .* does not exist/);

    // Urgency grows as the deadline nears: a month later every open item with a deadline scores higher.
    const before = await listWorkItems(w.db, { payer: 'uhc', now: FRIDAY });
    expect(await rescoreOpenItems(w.db, hoursLater(FRIDAY, 24 * 200))).toBeGreaterThan(0);
    const after = await listWorkItems(w.db, { payer: 'uhc' });
    expect(after[0]!.priorityScore).toBeGreaterThan(before[0]!.priorityScore);
  });
});
