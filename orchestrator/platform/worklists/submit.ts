// Submits a parsed worklist: the CSV's claim facts (payer, patient control
// number, date of service, billed amount) are recorded on the claims first,
// then the claim numbers go through the one enqueue path with trigger 'csv'.
import type { Db } from '../db/client.ts';
import { submitLookups, type SubmitDeps, type SubmittedRun } from '../runs/submit.ts';
import type { TaskName } from '../../../bots/index.ts';
import type { ParsedWorklist } from './csv.ts';

export async function submitWorklist(
  deps: SubmitDeps,
  req: { portal: string; task: TaskName; worklist: ParsedWorklist; requestedBy?: string },
): Promise<SubmittedRun> {
  await recordClaimFacts(deps.db, req.portal, req.worklist.rows);
  return submitLookups(deps, {
    portal: req.portal,
    task: req.task,
    claimNumbers: req.worklist.rows.map((r) => r.claim_number),
    trigger: 'csv',
    ...(req.requestedBy ? { requestedBy: req.requestedBy } : {}),
  });
}

async function recordClaimFacts(db: Db, portal: string, rows: ParsedWorklist['rows']): Promise<void> {
  // Only payers we know become a foreign key; an unknown payer id is left for the portal to tell us.
  const known = new Set((await db.payer.findMany({ select: { id: true } })).map((p) => p.id));
  for (const r of rows) {
    const facts = {
      ...(r.payer && known.has(r.payer) ? { payerId: r.payer } : {}),
      ...(r.patient_control_number ? { patientControlNumber: r.patient_control_number } : {}),
      ...(r.service_date ? { serviceDate: new Date(`${r.service_date}T00:00:00Z`) } : {}),
      ...(r.billed_amount !== undefined ? { billedAmount: r.billed_amount.toFixed(2) } : {}),
    };
    await db.claim.upsert({
      where: { portalId_claimNumber: { portalId: portal, claimNumber: r.claim_number } },
      create: { portalId: portal, claimNumber: r.claim_number, ...facts },
      update: facts,
    });
  }
}
