// Off-host copies of every signed checkpoint: a JSON line appended to a file (on a
// mount the auditor controls, or shipped elsewhere by the host's log shipper) and/or a
// POST to a webhook. A checkpoint kept outside the database is what shows a later
// rewrite of the whole database, checkpoints table included (verify compares them).
import { promises as fs } from 'node:fs';
import type { EvidenceLogger } from '../config.ts';
import { checkpointSchema, type Checkpoint } from './checkpoint.ts';

export type CheckpointExportTarget = { file: string } | { url: string };

/** `https://…` / `http://…` is a webhook; anything else is a file path. */
export function exportTarget(spec: string): CheckpointExportTarget {
  return /^https?:\/\//i.test(spec) ? { url: spec } : { file: spec };
}

/** Never throws: the checkpoint is already committed; a failed copy is logged loudly. */
export async function exportCheckpoints(
  target: CheckpointExportTarget,
  cps: readonly Checkpoint[],
  log: EvidenceLogger,
): Promise<void> {
  if (cps.length === 0) return;
  try {
    if ('file' in target) {
      const fh = await fs.open(target.file, 'a', 0o600);
      try {
        await fh.appendFile(cps.map((c) => `${JSON.stringify(c)}\n`).join(''));
        await fh.sync();
      } finally {
        await fh.close();
      }
    } else {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'evidence.checkpoints', checkpoints: cps }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
    }
  } catch (err) {
    log.error(
      { err: String(err), sizes: cps.map((c) => `${c.chain}:${c.size}`) },
      'evidence checkpoint export failed: the off-host copy is missing these checkpoints',
    );
  }
}

/** Checkpoints from an export file; lines that are not checkpoints are counted, not trusted. */
export async function readExportedCheckpoints(file: string): Promise<{ checkpoints: Checkpoint[]; badLines: number }> {
  const text = await fs.readFile(file, 'utf8');
  const checkpoints: Checkpoint[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      checkpoints.push(checkpointSchema.parse(JSON.parse(line)));
    } catch {
      badLines++;
    }
  }
  return { checkpoints, badLines };
}
