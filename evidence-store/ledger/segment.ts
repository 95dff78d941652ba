// Before the store signs anything (a checkpoint, a packet), it walks the part of the
// chain it is about to vouch for, from the newest checkpoint it can trust: signing a
// rewritten chain would launder the rewrite under a genuine signature.
import type pg from 'pg';
import { ZERO_HASH } from '../canonical.ts';
import type { TrustedKey } from '../trust.ts';
import { walkChain } from './chain.ts';
import { checkCheckpoint, type Checkpoint } from './checkpoint.ts';
import { readChain, type TableSpec } from './tables.ts';

export class EvidenceChainError extends Error {
  constructor(
    readonly chain: string,
    readonly problems: string[],
  ) {
    super(`refusing to sign: the ${chain} chain is not intact: ${problems.slice(0, 3).join('; ')}`);
    this.name = 'EvidenceChainError';
  }
}

/**
 * Walks entries up to `to` starting at the newest checkpoint (valid signature, trusted key)
 * whose size is at most `from`, or at entry 1. Throws EvidenceChainError on any problem,
 * including a checkpointed head that no longer matches its entry.
 */
export async function assertSegmentIntact<B>(
  q: pg.Pool | pg.PoolClient,
  spec: TableSpec<B>,
  checkpoints: readonly Checkpoint[],
  trusted: readonly TrustedKey[],
  range: { from: number; to: number; headHash?: string },
): Promise<void> {
  const name = spec.chain === 'ledger' ? 'ledger' : 'access log';
  const anchor = checkpoints
    .filter((c) => c.size <= range.from && c.size <= range.to)
    .filter((c) => {
      const chk = checkCheckpoint(c, trusted);
      return chk.signatureValid && chk.keyIdMatches && chk.keyTrusted;
    })
    .sort((a, b) => b.size - a.size)[0];
  const start = anchor && anchor.size > 0 ? anchor.size : 0;
  const rows = await readChain(q, spec, { from: Math.max(start, 1), to: range.to });
  const problems: string[] = [];
  let startPrev = ZERO_HASH;
  if (start > 0) {
    const first = rows.shift();
    if (!first || first.seq !== start || first.entryHash !== anchor!.headHash)
      problems.push(`entry ${start} no longer matches the checkpoint signed at ${anchor!.time}`);
    startPrev = anchor!.headHash;
  }
  if (rows.length > 0 && rows[0]!.seq !== start + 1) problems.push(`entries ${start + 1}..${rows[0]!.seq - 1} missing`);
  if (rows.length === 0 && start > 0) {
    // Nothing was added since the anchor checkpoint: the anchor itself is the head to vouch for
    // (walking an empty list would report the chain as ending at 0).
    if (range.to > start) problems.push(`entries ${start + 1}..${range.to} missing`);
  } else
    for (const p of walkChain(rows, { startPrevHash: startPrev, fromGenesis: false, expectedSize: range.to, name }))
      problems.push(p.detail);
  const last = rows[rows.length - 1];
  if (range.headHash && range.to > start && last?.entryHash !== range.headHash)
    problems.push(`the ${name} head row does not match entry ${range.to}`);
  if (problems.length > 0) throw new EvidenceChainError(name, problems);
}
