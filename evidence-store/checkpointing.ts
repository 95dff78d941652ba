// Signing checkpoints: walk each chain from its newest trusted checkpoint (never sign a
// rewritten chain), sign both heads, record the ledger checkpoint as a ledger entry, copy
// the checkpoints off-host, and have an RFC 3161 TSA stamp the ledger checkpoint.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import { requireDb, type StoreContext } from './context.ts';
import { checkpointPayload, signCheckpoint, type Checkpoint } from './ledger/checkpoint.ts';
import { exportCheckpoints, exportTarget } from './ledger/checkpoint-export.ts';
import { insertCheckpoint, listCheckpoints } from './ledger/checkpoint-store.ts';
import { withTx } from './ledger/db.ts';
import { assertSegmentIntact } from './ledger/segment.ts';
import { ACCESS, appendChained, LEDGER, type LedgerBody } from './ledger/tables.ts';
import { requestTimestamp } from './ledger/timestamp.ts';

/**
 * Sign the current heads of the ledger and the access log (Ed25519) and record the checkpoint
 * in the ledger. Each chain is walked first from its newest trusted checkpoint: a chain that
 * was rewritten since is refused (EvidenceChainError), not signed. Then copied off-host.
 */
export async function signCheckpointNow(
  ctx: StoreContext,
): Promise<{ ledger: Checkpoint; access: Checkpoint | null; tsaTime?: string }> {
  const db = requireDb(ctx, 'checkpoint');
  const signer = ctx.signer;
  if (!signer) throw new Error('checkpoint needs a signingKey');
  const signed = await withTx(db, async (client) => {
    const res = await client.query<{ chain: string; seq: string; head_hash: string }>(
      `SELECT chain, seq, head_hash FROM evidence_chain_heads WHERE chain IN ('ledger', 'access') ORDER BY chain FOR UPDATE`,
    );
    const now = new Date();
    let access: Checkpoint | null = null;
    let ledger: Checkpoint | null = null;
    for (const h of res.rows) {
      const size = Number(h.seq);
      const range = { from: size, to: size, headHash: h.head_hash };
      const cps = await listCheckpoints(client, h.chain);
      if (h.chain === 'access') await assertSegmentIntact(client, ACCESS, cps, ctx.trustedKeys, range);
      else await assertSegmentIntact(client, LEDGER, cps, ctx.trustedKeys, range);
      const cp = signCheckpoint(signer, { chain: h.chain, size, headHash: h.head_hash, time: now });
      await insertCheckpoint(client, cp);
      if (h.chain === 'access') access = cp;
      else ledger = cp;
    }
    if (!ledger) {
      // Empty ledger: vouch for the empty chain so "nothing was ever stored" is provable too.
      ledger = signCheckpoint(signer, { chain: 'ledger', size: 0, headHash: '0'.repeat(64), time: now });
      await insertCheckpoint(client, ledger);
    }
    const cp = ledger;
    await appendChained(client, LEDGER, (createdAt) =>
      checkpointEntry(cp, createdAt, ctx.cfg.defaultOrganizationId, ctx.cfg.checkpointEvery),
    );
    return { ledger: cp, access };
  });
  if (ctx.cfg.checkpointExport)
    await exportCheckpoints(
      exportTarget(ctx.cfg.checkpointExport),
      [signed.ledger, ...(signed.access ? [signed.access] : [])],
      ctx.log,
    );
  if (ctx.cfg.tsaUrl) return { ...signed, ...(await timestamp(ctx, db, signed.ledger)) };
  return signed;
}

/** RFC 3161: stamp the ledger checkpoint at the configured TSA and chain the token. A failure is logged, not thrown. */
async function timestamp(
  ctx: StoreContext,
  db: NonNullable<StoreContext['db']>,
  cp: Checkpoint,
): Promise<{ tsaTime?: string }> {
  try {
    const digest = createHash('sha256')
      .update(canonicalJson(checkpointPayload(cp)))
      .digest();
    const ts = await requestTimestamp(ctx.cfg.tsaUrl!, digest);
    await withTx(db, (client) =>
      appendChained(client, LEDGER, (createdAt) => ({
        kind: 'timestamp' as const,
        sha256: null,
        storageKey: null,
        files: [],
        claimRef: null,
        runId: null,
        jobId: null,
        organizationId: ctx.cfg.defaultOrganizationId,
        details: { chain: cp.chain, size: cp.size, signature: cp.signature, tsaTime: ts.time, token: ts.token },
        createdAt,
      })),
    );
    return { tsaTime: ts.time };
  } catch (err) {
    ctx.log.error({ err: String(err), size: cp.size }, 'evidence checkpoint timestamp (RFC 3161) failed');
    return {};
  }
}

function checkpointEntry(cp: Checkpoint, createdAt: string, org: string, every: number): LedgerBody {
  return {
    kind: 'checkpoint',
    sha256: null,
    storageKey: null,
    files: [],
    claimRef: null,
    runId: null,
    jobId: null,
    organizationId: org,
    // Everything needed to re-check the signature from the ledger alone, and the cadence in force.
    details: {
      size: cp.size,
      headHash: cp.headHash,
      time: cp.time,
      keyId: cp.keyId,
      publicKey: cp.publicKey,
      signature: cp.signature,
      checkpointEvery: every,
    },
    createdAt,
  };
}
