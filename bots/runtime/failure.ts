// Failure snapshots: what the page looked like when a task failed (PNG + HTML)
// and the Playwright trace of the task, kept under failureDir for whoever
// investigates. Directory names use the job id only: never member ids or
// patient names (URLs and titles can carry them, so they are not used).
import { mkdir, writeFile } from 'node:fs/promises';
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
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const tryWrite = async (name: string, produce: () => Promise<Buffer | string | boolean>) => {
    try {
      const data = await produce();
      if (data === false) return;
      if (data !== true) await writeFile(path.join(dir, name), data);
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
  await writeFile(path.join(dir, 'error.json'), JSON.stringify({ jobId: opts.jobId, phase: opts.phase, errorClass, message, details, at: new Date().toISOString() }, null, 2));
  files.push('error.json');
  return { dir, files };
}
