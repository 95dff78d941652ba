// How bin/portalbots.mjs starts the CLI: the compiled build when it is up to
// date (rebuilt first when a source is newer: about a second, once), else the
// TypeScript sources through tsx (PORTALBOTS_FROM_SOURCE=1, or when esbuild
// is not installed).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { newestSourceMtime, ROOT } from './sources.mjs';

function currentBuild() {
  try {
    const stamp = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'current.json'), 'utf8'));
    const entry = path.join(ROOT, 'dist', stamp.id, 'portalbots.mjs');
    return existsSync(entry) ? { ...stamp, entry } : null;
  } catch {
    return null;
  }
}

async function compiledEntry() {
  const stamp = currentBuild();
  if (stamp && stamp.newestSource >= newestSourceMtime()) return stamp.entry;
  try {
    const { build } = await import('./build.mjs');
    const { dir } = await build({ quiet: true });
    return path.join(dir, 'portalbots.mjs');
  } catch (e) {
    if (process.env.PORTALBOTS_DEBUG) process.stderr.write(`portalbots: build failed, running from source: ${e}\n`);
    return null;
  }
}

export async function runCompiled(argv) {
  const entry = process.env.PORTALBOTS_FROM_SOURCE === '1' ? null : await compiledEntry();
  if (entry) {
    const { run } = await import(pathToFileURL(entry).href);
    return run(argv);
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import(pathToFileURL(path.join(ROOT, 'bin', 'portalbots.ts')).href);
  return run(argv);
}
