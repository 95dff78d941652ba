// `portalbots era parse <file> [--json]`. With --json it prints exactly the
// DESIGN.md contract ({ "transactions": [...] }, plus `warnings` when there
// are any); otherwise a summary table. Bad input ends in one line on stderr
// and exit code 1, never a stack trace.
import type { Command } from 'commander';
import { X12ParseError } from '../../../x12/errors.ts';
import { parse835File } from '../../../x12/parse.ts';
import { renderSummary } from '../format/era-summary.ts';

export function registerEraCommands(program: Command): void {
  const era = program.command('era').description('Work with X12 835 electronic remittance advice (ERA) files');
  era
    .command('parse')
    .description('Parse an X12 835 file and show payments, claims, adjustments and balancing')
    .argument('<file>', 'path to the 835 file')
    .option('--json', 'print the parse result as JSON (the era parse contract)')
    .action(async (file: string, opts: { json?: boolean }) => {
      let result;
      try {
        result = await parse835File(file);
      } catch (e) {
        process.stderr.write(`portalbots: era parse ${file}: ${describeFailure(e)}\n`);
        process.exitCode = 1;
        return;
      }
      if (opts.json) {
        const body = result.warnings.length > 0 ? result : { transactions: result.transactions };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      } else {
        process.stdout.write(`${renderSummary(result)}\n`);
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
