// vitest globalSetup: points every logger of the run (this process, the test
// workers it forks afterwards and any CLI process a test spawns inherit the
// environment) at one log file, and scans that file when the run ends. A
// finding sets a non-zero exit code for `vitest run` and throws the report.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOG_TEE_ENV } from '../../orchestrator/platform/logging.ts';
import { buildNeedles, describeFindings, scanLines, seedsUsedIn } from './secret-scan.ts';

let dir: string | undefined;
let file: string | undefined;

export function setup(): void {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portalbots-test-logs-'));
  file = path.join(dir, 'run.log');
  writeFileSync(file, '');
  process.env[LOG_TEE_ENV] = file;
}

export function teardown(): void {
  if (!file) return;
  const lines = readFileSync(file, 'utf8').split('\n');
  const needles = buildNeedles(seedsUsedIn(path.resolve(import.meta.dirname, '..')));
  const findings = scanLines(lines, needles);
  if (findings.length > 0) {
    // vitest 4 only logs a teardown error ("error during close") and still
    // exits 0, so the exit code is set explicitly; the throw prints the report.
    process.exitCode = 1;
    // Keep the file for whoever investigates.
    throw new Error(`${describeFindings(findings, file)}\nSeeds scanned: ${needles.seeds.join(', ')}`);
  }
  process.stdout.write(`secret scan: ${lines.length - 1} log lines clean (seeds ${needles.seeds.join(', ')})\n`);
  rmSync(dir!, { recursive: true, force: true });
}
