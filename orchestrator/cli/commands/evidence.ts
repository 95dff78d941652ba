// `portalbots evidence ...`: what auditors and ops do with stored evidence — list a
// claim's captures, verify the store and its agreement with the `evidence` table,
// export an appeal packet, verify a packet standalone, checkpoint, retention, holds.
// Every read or export is recorded in the store's access log with who and why.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { fingerprintOf, verifyPacket } from '../../../evidence-store/index.ts';
import { loadConfig, readVar } from '../../platform/config.ts';
import { ClaimLookupError, ClaimRef, findClaim } from '../../audit/claim-lookup.ts';
import { crossCheck } from '../../audit/cross-check.ts';
import { listClaimCaptures } from '../../audit/listing.ts';
import { openEvidenceContext, type EvidenceContext } from '../../audit/open.ts';
import { exportClaimPacket } from '../../audit/packet-export.ts';
import { draftAppealArgument } from '../../denials/appeal-argument.ts';
import { describePublicKey, resolveTrustAnchors, TrustAnchorError } from '../../audit/trust-anchors.ts';
import { resolveSigningKey } from '../../platform/signing-key.ts';
import { previewRetention } from '../../audit/retention-preview.ts';
import { createLogger } from '../../platform/logging.ts';
import { parseDuration } from '../../platform/queue/settings.ts';
import { action, UsageError } from '../errors.ts';
import { formatCaptures, formatPacketReport, formatVerify } from '../format/evidence.ts';
import { text } from '../../platform/text.ts';

const Portal = z
  .string()
  .regex(/^[a-z0-9_-]{1,40}$/, 'must be a portal id like availity')
  .optional();
const Actor = text().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const Reason = z
  .string()
  .trim()
  .min(3, 'must say why (at least 3 characters)')
  .max(500, 'must be at most 500 characters');
const defaultActor = (): string => readVar('USER') ?? 'cli';

const ListOptions = z.object({
  claim: ClaimRef,
  portal: Portal,
  actor: Actor.optional(),
  reason: Reason.default('evidence list (cli)'),
  rehash: z.boolean().optional(),
  json: z.boolean().optional(),
});
const VerifyOptions = z.object({
  all: z.boolean().optional(),
  packet: text().min(1).optional(),
  trust: z.array(text().min(1, 'must be a public key or a file holding one')).optional(),
  json: z.boolean().optional(),
});
const PacketOptions = z.object({
  claim: ClaimRef,
  out: text().regex(/\.pdf$/i, 'must name a .pdf file, e.g. claim-123.pdf'),
  reason: Reason,
  portal: Portal,
  actor: Actor.optional(),
  zip: z.boolean().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});
const DAY_MS = 86_400_000;
const Duration = text().transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) ctx.addIssue({ code: 'custom', message: 'must be a duration like 30m, 12h or 7d' });
  return ms ?? 0;
});
const DeriveMissingOptions = z.object({
  since: Duration.default(7 * DAY_MS),
  minAge: Duration.default(15 * 60_000),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1_000_000, 'must be at most 1000000')
    .default(10_000),
  json: z.boolean().optional(),
});
const HoldOptions = z.object({
  claim: ClaimRef,
  reason: Reason,
  portal: Portal,
  actor: Actor.optional(),
  json: z.boolean().optional(),
});

/** zod at the edge: the first issue becomes a one-line usage error naming the flag. */
function parse<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const flag = String(issue.path[0] ?? 'options');
  const missing = issue.code === 'invalid_type' && (raw as Record<string, unknown>)?.[flag] === undefined;
  throw new UsageError(`--${flag}: ${missing ? 'is required' : issue.message}`);
}

async function withEvidence<T>(fn: (ctx: EvidenceContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const ctx = await openEvidenceContext(
    config,
    createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, name: 'evidence-cli' }),
  );
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function claimOf(ctx: EvidenceContext, ref: string, portal: string | undefined) {
  try {
    return await findClaim(ctx.db, ref, portal);
  } catch (e) {
    throw e instanceof ClaimLookupError ? new UsageError(e.message) : e;
  }
}

const out = (s: string): void => void process.stdout.write(`${s}\n`);
const json = (v: unknown): void => out(JSON.stringify(v, null, 2));

export function registerEvidenceCommand(program: Command): void {
  const ev = program
    .command('evidence')
    .description('List, verify and export tamper-evident evidence (screenshots, 835 files)');

  ev.command('list')
    .description(
      'Every capture stored for a claim, oldest first, with its hash, source URL, bot version and status (reads are access-logged)',
    )
    .requiredOption('--claim <id>', 'payer claim number, or our claim id (uuid)')
    .option('--portal <portal>', 'portal id, when the claim number exists on several portals')
    .option('--actor <name>', 'who is looking (default: $USER)')
    .option('--reason <text>', 'why, recorded in the access log', 'evidence list (cli)')
    .option('--rehash', 're-hash every listed original instead of only checking it exists with its size')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parse(ListOptions, raw);
        await withEvidence(async (ctx) => {
          const claim = await claimOf(ctx, o.claim, o.portal);
          const captures = await listClaimCaptures(ctx.db, ctx.store, claim, {
            who: { actor: o.actor ?? defaultActor(), reason: o.reason },
            rehash: o.rehash ?? false,
          });
          const head = {
            claimId: claim.id,
            claimNumber: claim.claimNumber,
            portal: claim.portalId,
            payer: claim.payer?.name ?? claim.payerId,
          };
          if (o.json) json({ claim: head, captures });
          else out(formatCaptures(head, captures));
          if (captures.some((c) => c.status !== 'ok' && c.status !== 'deleted_by_retention')) process.exitCode = 1;
        });
      }),
    );

  ev.command('verify')
    .description(
      'Verify the evidence store (re-hash files, walk the hash chains, check signed checkpoints) and that every evidence row has its file and every chained file its row; or verify an exported packet with --packet (no database needed)',
    )
    .option(
      '--all',
      're-hash every file (default: files not verified before; the rest are checked by size) and look for stored files nothing references',
    )
    .option(
      '--packet <dir|zip|pdf>',
      'verify an appeal packet standalone instead: the PDF alone (its attachments), FILE.packet/ or FILE.packet.zip',
    )
    .option(
      '--trust <key|file...>',
      "with --packet: the sender's published Ed25519 public key(s), base64 or a file (e.g. the output of `evidence public-key`); besides PORTALBOTS_EVIDENCE_TRUSTED_KEYS. Without any, packet verification fails",
    )
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parse(VerifyOptions, raw);
        if (o.packet) return verifyPacketCommand(o.packet, o.trust, o.json ?? false);
        if (o.trust) throw new UsageError('--trust: only applies with --packet');
        await withEvidence(async (ctx) => {
          const store = await ctx.store.verify({ all: o.all ?? false });
          const rows = await crossCheck(ctx.db, ctx.store, store, { all: o.all ?? false });
          const ok = store.ok && rows.problems.length === 0;
          if (o.json) json({ ok, store, rows });
          else out(formatVerify(store, rows));
          if (!ok) process.exitCode = 1;
        });
      }),
    );

  ev.command('packet')
    .description(
      'Export an appeal evidence packet: FILE.pdf (cover, one exhibit per screenshot, verification page; originals attached) plus FILE.packet/ for standalone verification',
    )
    .requiredOption('--claim <id>', 'payer claim number, or our claim id (uuid)')
    .requiredOption('--out <FILE.pdf>', 'where to write the PDF; the packet directory goes next to it as FILE.packet/')
    .requiredOption(
      '--reason <text>',
      "why the claim is appealed: printed on the packet's cover and recorded in the access log for every file",
    )
    .option('--portal <portal>', 'portal id, when the claim number exists on several portals')
    .option('--actor <name>', 'who is exporting (default: $USER)')
    .option('--zip', 'also write FILE.packet.zip')
    .option('--force', 'replace an existing FILE.pdf / FILE.packet')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parse(PacketOptions, raw);
        const outPdf = path.resolve(o.out);
        await withEvidence(async (ctx) => {
          const claim = await claimOf(ctx, o.claim, o.portal);
          const p = await exportClaimPacket(ctx.db, ctx.store, claim, outPdf, {
            who: { actor: o.actor ?? defaultActor(), reason: o.reason },
            appealReason: o.reason,
            draftArgument: draftAppealArgument,
            zip: o.zip ?? false,
            force: o.force ?? false,
          });
          if (o.json) return json({ claimNumber: claim.claimNumber, portal: claim.portalId, ...p });
          out(
            [
              `Appeal packet for claim ${claim.claimNumber} (${claim.payer?.name ?? claim.portalId}): ${p.captures} exhibit(s)`,
              `  PDF:         ${p.pdf}`,
              `  Directory:   ${p.dir}/  (packet.pdf, packet.json, originals/)`,
              ...(p.zip ? [`  Zip:         ${p.zip}`] : []),
              `  Checkpoint:  ledger entries 1..${p.checkpoint.size}, signed ${p.checkpoint.time} by key ${p.checkpoint.keyId}`,
              `  Signed by:   key ${p.checkpoint.keyId}, fingerprint ${fingerprintOf(p.checkpoint.publicKey)} (also on the cover)`,
              `  Amounts:     claim-status result of job ${p.sources.result.jobId} (${p.sources.result.finishedAt})`,
              `  Code texts:  ${p.sources.codes}`,
              `  Deadline:    ${p.sources.deadline}`,
              `Verify with:   portalbots evidence verify --packet ${path.relative(process.cwd(), p.pdf) || p.pdf} --trust <published key or file from \`portalbots evidence public-key\`>`,
            ].join('\n'),
          );
        });
      }),
    );

  ev.command('public-key')
    .description(
      'Print the public key that signs checkpoints and packets, with its fingerprint: publish it so recipients can verify packets (--trust)',
    )
    .option('--json', 'print JSON')
    .action(
      action(async (o: { json?: boolean }) => {
        const config = loadConfig();
        const key = describePublicKey(await resolveSigningKey(config));
        if (o.json)
          return json({ publicKey: key.publicKey, keyId: key.keyId, fingerprint: key.fingerprint, pem: key.pem });
        out(key.text);
      }),
    );

  ev.command('checkpoint')
    .description('Sign the current heads of the evidence ledger and access log now (Ed25519)')
    .option('--json', 'print JSON')
    .action(
      action(async (o: { json?: boolean }) => {
        await withEvidence(async (ctx) => {
          const cp = await ctx.store.checkpoint();
          if (o.json) return json(cp);
          out(
            `Signed ledger checkpoint: ${cp.ledger.size} entries, head ${cp.ledger.headHash}, ${cp.ledger.time}, key ${cp.ledger.keyId}`,
          );
          if (cp.access) out(`Signed access-log checkpoint: ${cp.access.size} entries, head ${cp.access.headHash}`);
          if (cp.tsaTime) out(`RFC 3161 timestamp from the TSA: ${cp.tsaTime}`);
        });
      }),
    );

  ev.command('derive-missing')
    .description(
      'Make the derived copies (WebP, thumbnail, annotated) of captures whose worker died before it made them; originals are never touched. Safe to run on a schedule',
    )
    .option('--since <duration>', 'look at captures chained within this long, e.g. 12h or 30d', '7d')
    .option('--min-age <duration>', 'skip captures younger than this (a live worker may still be deriving them)', '15m')
    .option('--limit <n>', 'at most this many captures per run', '10000')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parse(DeriveMissingOptions, raw);
        await withEvidence(async (ctx) => {
          const now = Date.now();
          const r = await ctx.store.deriveMissing({
            since: new Date(now - o.since),
            before: new Date(now - o.minAge),
            limit: o.limit,
          });
          if (o.json) json(r);
          else
            out(
              r.derived + r.failed === 0
                ? 'No capture is missing its derived copies.'
                : `Derived copies for ${r.derived} capture(s); ${r.failed} failed (see the log).`,
            );
          if (r.failed > 0) process.exitCode = 1;
        });
      }),
    );

  const retention = ev.command('retention').description('Evidence retention');
  retention
    .command('apply')
    .description(
      'Delete stored files whose retention has expired, except those under a legal hold (each deletion is chained)',
    )
    .option('--dry-run', 'only list what would be deleted and what a hold keeps')
    .option('--json', 'print JSON')
    .action(
      action(async (o: { dryRun?: boolean; json?: boolean }) => {
        await withEvidence(async (ctx) => {
          const now = new Date();
          if (o.dryRun) {
            const p = await previewRetention(ctx.pool, now);
            if (o.json) return json({ dryRun: true, ...p });
            for (const d of p.wouldDelete) out(`would delete  ${d.storageKey}  (retain until ${d.retainUntil})`);
            for (const h of p.held) out(`held          ${h.storageKey}  (retain until ${h.retainUntil})`);
            return out(
              `Dry run: ${p.wouldDelete.length} file(s) would be deleted, ${p.held.length} kept by legal hold.`,
            );
          }
          const r = await ctx.store.applyRetention(now);
          if (o.json) return json({ dryRun: false, ...r });
          for (const d of r.deleted) out(`deleted  ${d.storageKey}  (ledger entry ${d.seq})`);
          out(`${r.deleted.length} file(s) deleted, ${r.held.length} kept by legal hold.`);
        });
      }),
    );

  const hold = ev.command('hold').description('Legal holds: held evidence is never deleted by retention');
  hold
    .command('place')
    .description('Place a legal hold on every file chained under a claim')
    .requiredOption('--claim <id>', 'payer claim number, or our claim id (uuid)')
    .requiredOption('--reason <text>', 'why (litigation, audit, appeal), recorded in the ledger')
    .option('--portal <portal>', 'portal id, when the claim number exists on several portals')
    .option('--actor <name>', 'who places it (default: $USER)')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parse(HoldOptions, raw);
        await withEvidence(async (ctx) => {
          const claim = await claimOf(ctx, o.claim, o.portal);
          const holdId = await ctx.store.placeLegalHold({
            claimRef: claim.claimNumber,
            reason: o.reason,
            placedBy: o.actor ?? defaultActor(),
          });
          if (o.json) return json({ holdId, claimNumber: claim.claimNumber });
          out(`Legal hold ${holdId} placed on claim ${claim.claimNumber}.`);
        });
      }),
    );
  hold
    .command('release')
    .description('Release every active legal hold on a claim')
    .requiredOption('--claim <id>', 'payer claim number, or our claim id (uuid)')
    .requiredOption('--reason <text>', 'why the hold ends, recorded in the ledger')
    .option('--portal <portal>', 'portal id, when the claim number exists on several portals')
    .option('--actor <name>', 'who releases it (default: $USER)')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parse(HoldOptions, raw);
        await withEvidence(async (ctx) => {
          const claim = await claimOf(ctx, o.claim, o.portal);
          const holds = await ctx.db.evidenceLegalHold.findMany({
            where: { claimRef: claim.claimNumber, releasedAt: null },
            orderBy: { createdAt: 'asc' },
            select: { id: true },
          });
          if (holds.length === 0)
            throw new UsageError(`--claim "${claim.claimNumber}": no active legal hold to release`);
          // The store records who released a hold; the reason travels in the same chained field.
          for (const h of holds)
            await ctx.store.releaseLegalHold(h.id, `${o.actor ?? defaultActor()} (reason: ${o.reason})`);
          if (o.json) return json({ released: holds.map((h) => h.id), claimNumber: claim.claimNumber });
          out(`Released ${holds.length} legal hold(s) on claim ${claim.claimNumber}.`);
        });
      }),
    );
}

/**
 * Standalone: reads only the packet (a PDF is verified from its own attachments), so it works
 * without (and never touches) the database. Trust comes from --trust and configuration only.
 */
async function verifyPacketCommand(target: string, trust: string[] | undefined, asJson: boolean): Promise<void> {
  const p = path.resolve(target);
  if (!(await stat(p).catch(() => null))) throw new UsageError(`--packet "${target}": no such file or directory`);
  let anchors;
  try {
    anchors = await resolveTrustAnchors(trust, loadConfig().evidenceTrustedKeys);
  } catch (e) {
    if (e instanceof TrustAnchorError) throw new UsageError(e.message);
    throw e;
  }
  let report;
  try {
    report = await verifyPacket(p, { trustedPublicKeys: anchors });
  } catch (e) {
    throw new UsageError(`--packet "${target}": ${(e as Error).message.split('\n')[0]}`);
  }
  if (asJson) json({ packet: p, trustedKeys: anchors.length, ...report });
  else out(formatPacketReport(p, report));
  if (!report.ok) process.exitCode = 1;
}
