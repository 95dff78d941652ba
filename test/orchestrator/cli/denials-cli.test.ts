// `portalbots denials list|show|assign|team|update|note|outcome|write-off` against a
// real migrated schema: the real program in this process (a subprocess costs
// seconds of TypeScript loading per call), items seeded through the real ingest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestClaimStatusResult, knownTeams } from '../../../orchestrator/denials/index.ts';
import { denied } from '../denials/fixtures.ts';
import { workqueueDb, type WorkqueueDb } from '../denials/seed.ts';
import { type CliRun, runCliInProcess } from '../../helpers/in-process-cli.ts';

let w: WorkqueueDb;
const items: Record<string, string> = {};

function cli(args: string[], user = 'biller-1'): Promise<CliRun> {
  return runCliInProcess('denials', args, { DATABASE_URL: w.schema.url, LOG_LEVEL: 'silent', USER: user });
}

const show = async (ref: string) => {
  const r = await cli(['show', ref, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    item: Record<string, unknown>;
    history: {
      at: string;
      by: string;
      from: string | null;
      to: string | null;
      note: string | null;
      kind: string;
      details?: unknown;
    }[];
  };
};

beforeAll(async () => {
  w = await workqueueDb('denials_cli');
  const now = new Date();
  for (const [key, carc, amount] of [
    ['a', '16', 500],
    ['b', '197', 900],
    ['c', '50', 1200],
    ['d', '29', 80],
  ] as const) {
    const claimId = await w.claim('aetna', { statusCategory: 'F2', lastCheckedAt: now });
    const r = await ingestClaimStatusResult(w.db, {
      claimId,
      payerId: 'aetna',
      observedAt: now,
      data: denied(carc, amount),
    });
    items[key] = r.itemId!;
  }
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe('portalbots denials (work verbs)', () => {
  it('list --json carries claim numbers and the table shows a claim column', async () => {
    const j = await cli(['list', '--json']);
    expect(j.code, j.stderr).toBe(0);
    const list = JSON.parse(j.stdout) as { items: { id: string; claimNumber: string; state: string; team: string }[] };
    expect(list.items).toHaveLength(4);
    for (const i of list.items) expect(i.claimNumber).toMatch(/^CLM-\d{5}$/);
    expect(list.items.map((i) => i.id).sort()).toEqual(Object.values(items).sort());
    const t = await cli(['list']);
    expect(t.stdout.split('\n')[0]).toMatch(/^id\s+claim\s+assignee\s+payer/);
    expect(t.stdout).toContain('CLM-00001');
  });

  it('assign by claim number moves a new item to assigned and records who and when', async () => {
    const before = Date.now();
    const r = await cli(['assign', 'CLM-00001', 'chk-biller'], 'lead-1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('CLM-00001: assigned, assigned to chk-biller\n');
    const s = await show('CLM-00001');
    expect(s.item).toMatchObject({ id: items.a, claimNumber: 'CLM-00001', state: 'assigned', assignee: 'chk-biller' });
    const last = s.history.at(-1)!;
    expect(last).toMatchObject({ by: 'lead-1', from: 'new', to: 'assigned', kind: 'transition' });
    expect(Date.parse(last.at)).toBeGreaterThanOrEqual(before - 1000);
    for (const e of s.history) expect(e.at && e.by).toBeTruthy();
  });

  it('update by item id with a note; a disallowed move exits non-zero naming the allowed states', async () => {
    const ok = await cli(['update', items.a!, '--state', 'in_progress', '--note', 'called payer']);
    expect(ok.code, ok.stderr).toBe(0);
    const bad = await cli(['update', 'CLM-00001', '--state', 'new']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('"assigned", "appealed", "corrected", "written_off", "resolved"');
    const s = await show(items.a!);
    expect(s.item.state).toBe('in_progress');
    expect(s.history.at(-1)).toMatchObject({
      by: 'biller-1',
      from: 'assigned',
      to: 'in_progress',
      note: 'called payer',
    });
  });

  it('assign on an item already being worked changes hands without changing state', async () => {
    const r = await cli(['assign', 'CLM-00001', 'biller-2', '--note', 'covering']);
    expect(r.code, r.stderr).toBe(0);
    const s = await show('CLM-00001');
    expect(s.item).toMatchObject({ state: 'in_progress', assignee: 'biller-2' });
    expect(s.history.at(-1)).toMatchObject({
      kind: 'assign',
      from: 'in_progress',
      to: 'in_progress',
      note: 'covering',
    });
  });

  it('note adds to the history without a state change', async () => {
    const r = await cli(['note', 'CLM-00002', 'payer says resubmit with auth number', '--actor', 'sam']);
    expect(r.code, r.stderr).toBe(0);
    const s = await show('CLM-00002');
    expect(s.item.state).toBe('new');
    expect(s.history.at(-1)).toMatchObject({ kind: 'note', by: 'sam', note: 'payer says resubmit with auth number' });
    expect((await cli(['note', 'CLM-00002', '   '])).code).toBe(2);
  });

  it('appeal then outcome: partially paid with recovered amount and confirmation number', async () => {
    expect((await cli(['update', 'CLM-00003', '--state', 'in_progress'])).code).toBe(0);
    const noChannel = await cli(['update', 'CLM-00003', '--state', 'appealed']);
    expect(noChannel.code).toBe(2);
    expect(noChannel.stderr).toContain('channel');
    const ap = await cli([
      'update',
      'CLM-00003',
      '--state',
      'appealed',
      '--channel',
      'portal',
      '--confirmation',
      'RC-1',
    ]);
    expect(ap.code, ap.stderr).toBe(0);
    const noAmount = await cli(['outcome', 'CLM-00003', 'partially_paid']);
    expect(noAmount.code).toBe(2);
    expect(noAmount.stderr).toContain('recoveredAmount');
    expect((await cli(['outcome', 'CLM-00003', 'won'])).code).toBe(2);
    const r = await cli(['outcome', 'CLM-00003', 'partially_paid', '--recovered', '600', '--confirmation', 'DEC-77']);
    expect(r.code, r.stderr).toBe(0);
    const s = await show('CLM-00003');
    expect(s.item).toMatchObject({
      state: 'resolved',
      outcome: 'partially_paid',
      recoveredAmount: 600,
      confirmationNumber: 'RC-1',
    });
    expect(s.history.at(-1)).toMatchObject({ kind: 'outcome', from: 'appealed', to: 'resolved' });
    expect((s.history.at(-1) as unknown as { details: object }).details).toMatchObject({
      confirmationNumber: 'DEC-77',
    });
  });

  it('write-off needs a reason and closes the item for good', async () => {
    const r = await cli(['write-off', 'CLM-00004', '--reason', 'below threshold, timely filing lost']);
    expect(r.code, r.stderr).toBe(0);
    const s = await show('CLM-00004');
    expect(s.item.state).toBe('written_off');
    expect(s.history.at(-1)).toMatchObject({ to: 'written_off', note: 'below threshold, timely filing lost' });
    const again = await cli(['assign', 'CLM-00004', 'x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('written_off');
  });

  it('export prints the queue as CSV with the claim numbers, assignees and outcomes', async () => {
    const r = await cli(['export', '--state', 'all']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^claim_number,patient_control_number,payer,carc,rarc,state,assignee,team,deadline,outcome,recovered_amount/,
    );
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('CLM-00003,'))).toMatch(/,resolved,.*,partially_paid,600\.00,/);
    expect(lines.find((l) => l.startsWith('CLM-00001,'))).toContain(',in_progress,biller-2,');
  });

  it('team moves an item to another known team; the same or an unknown team exits non-zero in one line', async () => {
    const { item } = await show('CLM-00002');
    const teams = knownTeams();
    const to = teams.find((t) => t !== item.team)!;
    const r = await cli(['team', 'CLM-00002', to, '--note', 'misrouted', '--actor', 'lead-1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`CLM-00002: team ${to}, new\n`);
    const s = await show('CLM-00002');
    expect(s.item.team).toBe(to);
    expect(s.history.at(-1)).toMatchObject({
      kind: 'team',
      by: 'lead-1',
      note: `Moved from team ${item.team} to ${to}: misrouted`,
      details: { fromTeam: item.team, toTeam: to },
    });
    const same = await cli(['team', 'CLM-00002', to]);
    expect(same.code).not.toBe(0);
    expect(same.stderr).toBe(`portalbots: team: the item is already owned by ${to}\n`);
    const unknown = await cli(['team', items.b!, 'accounts-payable']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain(`use one of ${teams.join(', ')}`);
    expect((await show('CLM-00002')).item.team).toBe(to);
  });

  it('an unknown claim number or id exits 1 with one line', async () => {
    const r = await cli(['show', 'NOPE-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('portalbots: No work item for claim number NOPE-1\n');
    const u = await cli(['show', '00000000-0000-4000-8000-00000000dead']);
    expect(u.code).toBe(1);
  });
});
