// `portalbots era ingest <file> --portal <id>` (store an 835 as evidence, then
// parse, persist, match and feed denials to the work queue) and
// `portalbots era unmatched` (remittance claims not tied to any claim of ours).
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import type { EraPipelineError } from '../../remittance/index.ts';
import { action, UsageError } from '../errors.ts';
import { money, renderTable } from '../table.ts';
import { text } from '../../platform/text.ts';

const PortalId = text().regex(/^[a-z][a-z0-9-]*$/, 'must be a portal id like availity');
const IngestOptions = z.object({ portal: PortalId, json: z.boolean().optional(), force: z.boolean().optional() });
const UnmatchedOptions = z.object({
  portal: PortalId.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  json: z.boolean().optional(),
});

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new UsageError(`--${String(r.error.issues[0]!.path[0])}: ${r.error.issues[0]!.message}`);
  return r.data;
}

/** The input must be a readable file; it is streamed into the evidence store, never read whole. */
async function checkInput(file: string): Promise<void> {
  try {
    if ((await stat(file)).isDirectory()) throw new UsageError(`${file}: is a directory, not a file`);
    await access(file, constants.R_OK);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'file not found' : (e as Error).message}`);
  }
}

/** The pipeline and database, loaded only when an ingest runs (`era --help` stays fast). */
async function pipeline() {
  const [{ loadConfig }, { createDb }, remittance, { openEvidenceContext }] = await Promise.all([
    import('../../platform/config.ts'),
    import('../../platform/db/client.ts'),
    import('../../remittance/index.ts'),
    import('../../audit/open.ts'),
  ]);
  return { loadConfig, createDb, openEvidenceContext, ...remittance };
}

/** Adds `ingest` and `unmatched` under the existing `era` command (created by era/cli.ts), or creates it. */
export function registerEraIngestCommand(program: Command): void {
  const era =
    program.commands.find((c) => c.name() === 'era') ??
    program.command('era').description('Work with X12 835 electronic remittance advice (ERA) files');
  era
    .command('ingest')
    .description(
      'Store an 835 file as evidence, then parse it, match its claims to ours and send denials to the work queue',
    )
    .argument('<file>', 'path to the 835 file')
    .requiredOption('--portal <id>', 'portal the file came from (claims are matched within it), e.g. availity')
    .option('--json', 'print the result as JSON')
    .option('--force', 'book a test file (ISA15 = T) as real payments anyway')
    .action(
      action(async (file: string, raw: unknown) => {
        const o = parse(IngestOptions, raw);
        await checkInput(file);
        const { loadConfig, openEvidenceContext, processEraFile, EraPipelineError } = await pipeline();
        const config = loadConfig();
        const ev = await openEvidenceContext(config);
        try {
          const portal = await ev.db.portal.findUnique({ where: { id: o.portal }, select: { id: true } });
          if (!portal) throw new UsageError(`--portal: unknown portal "${o.portal}"`);
          const jobId = `cli-era-ingest-${randomUUID()}`;
          // Streamed in (hashed, copied, re-hashed): a 100 MB remittance is never held here.
          const stored = await ev.store.putOriginalFile(file, {
            contentType: 'application/edi-x12',
            ext: '835',
            label: 'era-835',
            jobId,
          });
          const row = await ev.db.evidence.create({
            data: {
              sha256: stored.sha256,
              kind: 'file',
              contentType: 'application/edi-x12',
              byteSize: stored.byteSize,
              storageKey: stored.storageKey,
              label: 'era-835',
              url: `file://${path.resolve(file)}`,
              portalId: o.portal,
              jobId,
              botVersion: 'cli',
              manifest: { fileName: path.basename(file), source: 'cli', sha256: stored.sha256 },
              capturedAt: new Date(),
            },
            select: { id: true },
          });
          const result = await processEraFile(
            ev.db,
            ev.store,
            { evidenceId: row.id },
            { portal: o.portal, ...(o.force ? { force: true } : {}) },
          );
          if (o.json) {
            process.stdout.write(`${JSON.stringify({ evidenceId: row.id, ...result }, null, 2)}\n`);
            return;
          }
          process.stdout.write(
            `${result.duplicate ? 'Already processed' : 'Processed'} ${path.basename(file)} (sha256 ${result.sha256.slice(0, 12)}…): ` +
              `${result.transactions} payment(s), ${result.claims} claim(s), ${result.matched} matched, ${result.unmatched} unmatched, ` +
              `${result.denials} denial(s), ${result.balanceProblems} balance problem(s)\n`,
          );
        } catch (e) {
          throw e instanceof EraPipelineError && (e as EraPipelineError).code !== 'integrity_error'
            ? new UsageError(`era ingest ${file}: ${e.message}`)
            : e;
        } finally {
          await ev.close();
        }
      }),
    );
  era
    .command('unmatched')
    .description('List remittance claims from processed 835s that match none of our claims')
    .option('--portal <id>', 'only this portal')
    .option('--limit <n>', 'at most this many rows', '200')
    .option('--json', 'print JSON')
    .action(
      action(async (raw: unknown) => {
        const o = parse(UnmatchedOptions, raw);
        const { loadConfig, createDb, listUnmatchedRemittances } = await pipeline();
        const db = createDb(loadConfig().databaseUrl, 2);
        try {
          const rows = await listUnmatchedRemittances(db, {
            ...(o.portal ? { portal: o.portal } : {}),
            limit: o.limit,
          });
          if (o.json) {
            process.stdout.write(`${JSON.stringify({ remittances: rows }, null, 2)}\n`);
            return;
          }
          if (rows.length === 0) {
            process.stdout.write('No unmatched remittance claims.\n');
            return;
          }
          process.stdout.write(
            `${renderTable(
              ['Portal', 'Payer', 'Paid on', 'Trace', 'PCN', 'Payer claim #', 'CLP02', 'Charge', 'Paid', 'Why'],
              rows.map((r) => [
                r.portal,
                r.payerName ?? '',
                r.paymentDate ?? '',
                r.traceNumber ?? '',
                r.patientControlNumber,
                r.payerClaimNumber ?? '',
                r.statusCode,
                money(r.chargeAmount),
                money(r.paidAmount),
                r.reason ?? '',
              ]),
            )}\n`,
          );
        } finally {
          await db.$disconnect();
        }
      }),
    );
}
