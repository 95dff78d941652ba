// Failure snapshots: what the page looked like when a task failed (PNG + HTML)
// and the Playwright trace of the task, kept under failureDir for whoever
// investigates. Directory names use the job id only: never member ids or
// patient names (URLs and titles can carry them, so they are not used).
// Snapshots hold PHI (the page, the trace's DOM snapshots), so the failure
// directory and each snapshot directory are 0700 and every file 0600.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright';
import type { BotError } from './errors.ts';

export function safeFileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'job';
}

export interface FailureSnapshot {
  dir: string;
  files: string[];
}

export async function writeFailureSnapshot(opts: {
  failureDir: string;
  jobId: string;
  phase: string;
  error: BotError;
  page?: Page;
  /** Saves the current trace chunk into the given path (when tracing is on). */
  saveTrace?: (file: string) => Promise<boolean>;
}): Promise<FailureSnapshot> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(opts.failureDir, `${safeFileName(opts.jobId)}-${opts.phase}-${stamp}`);
  await mkdir(opts.failureDir, { recursive: true, mode: 0o700 });
  // An existing failure directory may predate this rule (or another umask): tighten it when it is ours.
  await chmod(opts.failureDir, 0o700).catch(() => undefined);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const files: string[] = [];
  const tryWrite = async (name: string, produce: () => Promise<Buffer | string | boolean>) => {
    try {
      const data = await produce();
      if (data === false) return;
      const file = path.join(dir, name);
      if (data !== true) await writeFile(file, data, { mode: 0o600 });
      // Playwright writes the trace itself, with the process umask: tighten it too.
      await chmod(file, 0o600);
      files.push(name);
    } catch {
      // A crashed page cannot be captured; the other files are still useful.
    }
  };
  const page = opts.page;
  if (page && !page.isClosed()) {
    await tryWrite('page.png', () => page.screenshot({ fullPage: true, timeout: 5_000 }));
    await tryWrite('page.html', () => page.content());
  }
  if (opts.saveTrace) {
    const save = opts.saveTrace;
    await tryWrite('trace.zip', () => save(path.join(dir, 'trace.zip')));
  }
  const { class: errorClass, message, details } = opts.error.toJSON();
  await writeFile(
    path.join(dir, 'error.json'),
    JSON.stringify(
      { jobId: opts.jobId, phase: opts.phase, errorClass, message, details, at: new Date().toISOString() },
      null,
      2,
    ),
    { mode: 0o600 },
  );
  await chmod(path.join(dir, 'error.json'), 0o600);
  files.push('error.json');
  return { dir, files };
}
