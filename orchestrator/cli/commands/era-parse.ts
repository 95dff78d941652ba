// `portalbots era parse <file> [--json [--pretty] | --ndjson]`. With --json it
// prints exactly the DESIGN.md contract ({ "transactions": [...] }, plus
// `warnings` when there are any), compact unless --pretty; --ndjson prints one
// transaction per line as soon as it is parsed; otherwise a summary table.
// JSON output is streamed: each transaction is serialized when its SE is read
// and written in ~1 MB batches, so memory stays flat and a large file is not
// held twice (parsed and serialized). Bad input ends in one line on stderr
// and exit code 1, never a stack trace.
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { X12ParseError } from '../../../x12/errors.ts';
import { parseFileParallel } from '../../../x12/parallel.ts';
import { parse835File, parse835Stream } from '../../../x12/parse.ts';
import type { ParseWarning, Transaction } from '../../../x12/types.ts';
import { renderSummary } from '../format/era-summary.ts';

interface ParseFlags {
  json?: boolean;
  pretty?: boolean;
  ndjson?: boolean;
}

const BATCH = 1 << 20;

/** Collects output strings and hands them to stdout in large writes (one syscall per ~1 MB). */
class Batcher {
  private parts: string[] = [];
  private size = 0;
  push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= BATCH) this.flush();
  }
  flush(): void {
    if (this.size === 0) return;
    process.stdout.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

function txJson(tx: Transaction, pretty: boolean): string {
  return pretty ? `    ${JSON.stringify(tx, null, 2).replace(/\n/g, '\n    ')}` : JSON.stringify(tx);
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

/** `{"transactions":[...],"warnings":[...]}`, one transaction serialized at a time. */
async function streamJson(file: string, pretty: boolean): Promise<void> {
  if (!pretty && (await parallelJson(file))) return;
  const out = new Batcher();
  const warnings: ParseWarning[] = [];
  let n = 0;
  out.push(pretty ? '{\n  "transactions": [' : '{"transactions":[');
  const source = createReadStream(file, { highWaterMark: BATCH });
  for await (const tx of parse835Stream(source, { onWarning: (w) => warnings.push(w) })) {
    out.push(n++ === 0 ? (pretty ? '\n' : '') : pretty ? ',\n' : ',');
    out.push(txJson(tx, pretty));
  }
  if (pretty) {
    out.push(n > 0 ? '\n  ]' : ']');
    if (warnings.length > 0) out.push(`,\n  "warnings": ${JSON.stringify(warnings, null, 2).replace(/\n/g, '\n  ')}`);
    out.push('\n}\n');
  } else {
    out.push(']');
    if (warnings.length > 0) out.push(`,"warnings":${JSON.stringify(warnings)}`);
    out.push('}\n');
  }
  out.flush();
}

/** One transaction per line; warnings as `{"warning":{...}}` lines where they occur. */
async function streamNdjson(file: string): Promise<void> {
  const out = new Batcher();
  const source = createReadStream(file, { highWaterMark: BATCH });
  const onWarning = (w: ParseWarning) => out.push(`${JSON.stringify({ warning: w })}\n`);
  for await (const tx of parse835Stream(source, { onWarning })) out.push(`${JSON.stringify(tx)}\n`);
  out.flush();
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
        if (opts.ndjson) await streamNdjson(file);
        else if (opts.json || opts.pretty) await streamJson(file, opts.pretty === true);
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
