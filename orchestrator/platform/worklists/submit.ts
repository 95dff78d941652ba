// Submits a parsed worklist. Everything is checked before anything is
// written (portal, task, every row); then one transaction records the run,
// the claims of rows with a claim number (with the CSV's facts: payer, patient
// control number, date of service, billed amount, submission date) and the rows without one
// (worklist_items, where the member id and birth date stay), all as
// multi-row statements, and the jobs go through the one enqueue path with
// trigger 'csv'. Job payloads carry ids only.
import { Prisma } from '../db/client.ts';
import { checkSubmittable, submitLookups, type SubmitDeps, type SubmittedRun } from '../runs/submit.ts';
import type { TaskName } from '../../../bots/index.ts';
import { serviceRange, type ParsedWorklist, type WorklistRow } from './csv.ts';

type Tx = Prisma.TransactionClient;
type Row = ParsedWorklist['rows'][number];

/** Rows per statement: well under PostgreSQL's 65,535 bind parameters at 12 per row. */
const CHUNK = 2_000;

export async function submitWorklist(
  deps: SubmitDeps,
  req: { portal: string; task: TaskName; worklist: ParsedWorklist; requestedBy?: string },
): Promise<SubmittedRun> {
  checkSubmittable(deps.bots, req.portal, req.task);
  const withNumber = req.worklist.rows.filter((r) => r.claim_number);
  const withoutNumber = req.worklist.rows.filter((r) => !r.claim_number);
  return submitLookups(deps, {
    portal: req.portal,
    task: req.task,
    claimNumbers: withNumber.map((r) => r.claim_number as string),
    trigger: 'csv',
    ...(req.requestedBy ? { requestedBy: req.requestedBy } : {}),
    async write(tx) {
      await recordClaimFacts(tx, req.portal, withNumber);
      return upsertWorklistItems(tx, req.portal, withoutNumber);
    },
  });
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The CSV's facts onto the claims (created by the enqueue path just before), one UPDATE per chunk. */
async function recordClaimFacts(tx: Tx, portal: string, rows: readonly Row[]): Promise<void> {
  // Only payers we know become a foreign key; an unknown payer id is left for the portal to tell us.
  const known = new Set((await tx.payer.findMany({ select: { id: true } })).map((p) => p.id));
  const facts = rows.filter(
    (r) => r.payer || r.patient_control_number || r.service_date || r.billed_amount !== undefined || r.submission_date,
  );
  // The PM system's submission date is the practice's own record: it replaces one an 835 filled in.
  for (const part of chunks(facts)) {
    const values = part.map(
      (r) =>
        Prisma.sql`(${r.claim_number}, ${r.payer && known.has(r.payer) ? r.payer : null}, ${r.patient_control_number ?? null}, ${r.service_date ?? null}::date, ${r.billed_amount === undefined ? null : r.billed_amount.toFixed(2)}::numeric, ${r.submission_date ?? null}::date)`,
    );
    await tx.$executeRaw`
      UPDATE claims AS c SET
        payer_id = COALESCE(v.payer_id, c.payer_id),
        patient_control_number = COALESCE(v.pcn, c.patient_control_number),
        service_date = COALESCE(v.service_date, c.service_date),
        billed_amount = COALESCE(v.billed, c.billed_amount),
        submitted_date = COALESCE(v.submitted_date, c.submitted_date),
        updated_at = now()
      FROM (VALUES ${Prisma.join(values)}) AS v(claim_number, payer_id, pcn, service_date, billed, submitted_date)
      WHERE c.portal_id = ${portal} AND c.claim_number = v.claim_number`;
  }
}

/**
 * Rows without a claim number, one per (portal, patient control number): a
 * resubmitted row updates its item and keeps the claim found for it unless
 * the member or dates of service changed (a kept claim gets the row's
 * submission date). Returns item ids in row order.
 */
async function upsertWorklistItems(tx: Tx, portal: string, rows: readonly Row[]): Promise<string[]> {
  const ids = new Map<string, string>();
  for (const part of chunks(rows)) {
    const values = part.map((r: WorklistRow) => {
      const { from, to } = serviceRange(r);
      return Prisma.sql`(${portal}, ${r.patient_control_number}, ${r.member_id}, ${r.date_of_birth ?? null}::date, ${from}::date, ${to}::date, ${r.billed_amount === undefined ? null : r.billed_amount.toFixed(2)}::numeric, ${r.payer ?? null}, ${r.provider_npi ?? null}, ${r.tin ?? null}, ${r.submission_date ?? null}::date)`;
    });
    const written = await tx.$queryRaw<{ id: string; pcn: string }[]>`
      INSERT INTO worklist_items AS w (id, portal_id, patient_control_number, member_id, date_of_birth,
        service_date_from, service_date_to, billed_amount, payer_id, provider_npi, tin, submitted_date, updated_at)
      SELECT gen_random_uuid(), v.*, now()
      FROM (VALUES ${Prisma.join(values)}) AS v(portal_id, pcn, member_id, dob, dos_from, dos_to, billed, payer_id, npi, tin, submitted)
      ON CONFLICT (portal_id, patient_control_number) DO UPDATE SET
        claim_id = CASE WHEN w.member_id = EXCLUDED.member_id AND w.service_date_from = EXCLUDED.service_date_from
          AND w.service_date_to = EXCLUDED.service_date_to THEN w.claim_id END,
        member_id = EXCLUDED.member_id,
        date_of_birth = EXCLUDED.date_of_birth,
        service_date_from = EXCLUDED.service_date_from,
        service_date_to = EXCLUDED.service_date_to,
        billed_amount = EXCLUDED.billed_amount,
        payer_id = EXCLUDED.payer_id,
        provider_npi = EXCLUDED.provider_npi,
        tin = EXCLUDED.tin,
        -- An export without the column does not forget a date an earlier one gave.
        submitted_date = COALESCE(EXCLUDED.submitted_date, w.submitted_date),
        updated_at = now()
      RETURNING w.id::text AS id, w.patient_control_number AS pcn`;
    for (const w of written) ids.set(w.pcn, w.id);
    // Rows already matched to a claim: the PM system's date reaches the claim now, as recordFoundClaim does later.
    if (part.some((r) => r.submission_date))
      await tx.$executeRaw`
      UPDATE claims AS c SET submitted_date = w.submitted_date, updated_at = now()
      FROM worklist_items AS w
      WHERE w.id = ANY(${written.map((w) => w.id)}::uuid[]) AND w.claim_id = c.id
        AND w.submitted_date IS NOT NULL AND c.submitted_date IS DISTINCT FROM w.submitted_date`;
  }
  return rows.map((r) => ids.get(r.patient_control_number as string) as string);
}
