// `portalbots era parse <file> [--json [--pretty] | --ndjson]`. With --json it
// prints exactly the DESIGN.md contract ({ "transactions": [...], plus
// `warnings` when there are any), compact unless --pretty; --ndjson prints one
// transaction per line; otherwise a summary table.
// Compact output is streamed: the builder hands each claim over as it closes
// and it is written straight into ~1 MB byte batches (x12/transaction-json.ts),
// so memory stays flat however large a file or a single transaction is, and a
// bad file fails before anything was written unless 1 MB of output came first.
// Bad input ends in one line on stderr and exit code 1, never a stack trace.
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { Era835Builder } from '../../../x12/builder.ts';
import { X12ParseError } from '../../../x12/errors.ts';
import { ByteBatches } from '../../../x12/json-bytes.ts';
import { parseFileParallel } from '../../../x12/parallel.ts';
import { parse835File, parse835Stream } from '../../../x12/parse.ts';
import { SegmentTokenizer } from '../../../x12/tokenizer.ts';
import { TransactionJson } from '../../../x12/transaction-json.ts';
import type { ParseWarning } from '../../../x12/types.ts';
import { renderSummary } from '../format/era-summary.ts';

interface ParseFlags {
  json?: boolean;
  pretty?: boolean;
  ndjson?: boolean;
}

const READ = 1 << 20;

/** Byte batches written to stdout; a batch is filled again once stdout has taken it. */
function stdoutBatches(): ByteBatches {
  const batches: ByteBatches = new ByteBatches((bytes) => {
    process.stdout.write(bytes, () => batches.recycle(bytes));
  });
  return batches;
}

/** Reads `file` through the builder into `json`, pausing while stdout is behind (a slow pipe). */
async function streamFile(file: string, json: TransactionJson, onWarning: (w: ParseWarning) => void): Promise<void> {
  const builder = new Era835Builder(onWarning);
  builder.stream = json;
  const tokenizer = new SegmentTokenizer(builder.onSegment);
  for await (const chunk of createReadStream(file, { highWaterMark: READ })) {
    tokenizer.push(chunk as Buffer);
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  }
  tokenizer.end();
  builder.finish();
}

/**
 * Compact JSON of a large multi-interchange file, parsed on worker threads
 * (x12/parallel.ts); false, having written nothing, when it does not qualify.
 */
async function parallelJson(file: string): Promise<boolean> {
  let started = false;
  const r = await parseFileParallel(file, (bytes, done) => {
    // Each transaction arrives with a leading comma; the array's first one must not have it.
    if (!started) {
      process.stdout.write('{"transactions":[');
      process.stdout.write(bytes.subarray(1), () => done());
      started = true;
    } else {
      process.stdout.write(bytes, () => done());
    }
  });
  if (r === null) return false;
  if (!started) process.stdout.write('{"transactions":[');
  process.stdout.write(r.warnings.length > 0 ? `],"warnings":${JSON.stringify(r.warnings)}}\n` : ']}\n');
  return true;
}

/** `{"transactions":[...],"warnings":[...]}`, compact and streamed. */
async function compactJson(file: string): Promise<void> {
  if (await parallelJson(file)) return;
  const out = stdoutBatches();
  const warnings: ParseWarning[] = [];
  out.add('{"transactions":[');
  await streamFile(file, new TransactionJson(out, (n) => (n === 0 ? '' : ',')), (w) => warnings.push(w));
  out.add(']');
  if (warnings.length > 0) out.add(`,"warnings":${JSON.stringify(warnings)}`);
  out.add('}\n');
  out.send();
}

/** The same document indented, for people: written a transaction at a time in ~1 MB writes. */
async function prettyJson(file: string): Promise<void> {
  let pending = '';
  const emit = (text: string) => {
    pending += text;
    if (pending.length >= READ) {
      process.stdout.write(pending);
      pending = '';
    }
  };
  const warnings: ParseWarning[] = [];
  let n = 0;
  emit('{\n  "transactions": [');
  const source = createReadStream(file, { highWaterMark: READ });
  for await (const tx of parse835Stream(source, { onWarning: (w) => warnings.push(w) }))
    emit(`${n++ === 0 ? '\n' : ',\n'}    ${JSON.stringify(tx, null, 2).replace(/\n/g, '\n    ')}`);
  emit(n > 0 ? '\n  ]' : ']');
  if (warnings.length > 0) emit(`,\n  "warnings": ${JSON.stringify(warnings, null, 2).replace(/\n/g, '\n  ')}`);
  process.stdout.write(`${pending}\n}\n`);
}

/**
 * One transaction per line; each warning as a `{"warning":{...}}` line where
 * it occurs (one raised by a transaction's SE right after that transaction).
 */
async function ndjson(file: string): Promise<void> {
  const out = stdoutBatches();
  const held: ParseWarning[] = [];
  const writeWarning = (w: ParseWarning) => out.add(`${JSON.stringify({ warning: w })}\n`);
  const json = new TransactionJson(
    out,
    () => '',
    '\n',
    () => held.splice(0).forEach(writeWarning),
  );
  await streamFile(file, json, (w) => (json.open ? held.push(w) : writeWarning(w)));
  out.send();
}

export function registerEraCommands(program: Command): void {
  const era = program.command('era').description('Work with X12 835 electronic remittance advice (ERA) files');
  era
    .command('parse')
    .description('Parse an X12 835 file and show payments, claims, adjustments and balancing')
    .argument('<file>', 'path to the 835 file')
    .option('--json', 'print the parse result as compact JSON (the era parse contract, docs/ERA.md)')
    .option('--pretty', 'print the JSON indented, for people (implies --json)')
    .option(
      '--ndjson',
      'print one transaction per line as JSON, streaming with flat memory (warnings as {"warning":...} lines)',
    )
    .action(async (file: string, opts: ParseFlags) => {
      try {
        if (opts.ndjson) await ndjson(file);
        else if (opts.pretty) await prettyJson(file);
        else if (opts.json) await compactJson(file);
        else process.stdout.write(`${renderSummary(await parse835File(file))}\n`);
      } catch (e) {
        process.stderr.write(`portalbots: era parse ${file}: ${describeFailure(e)}\n`);
        process.exitCode = 1;
      }
    });
}

function describeFailure(e: unknown): string {
  if (e instanceof X12ParseError) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'file not found';
  if (err && err.code === 'EISDIR') return 'is a directory, not a file';
  if (err && err.code === 'EACCES') return 'permission denied';
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
