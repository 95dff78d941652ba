#!/usr/bin/env node
// Compiles the TypeScript sources into dist/<build id>/ with esbuild: one
// bundle for the CLI (code-split, so each verb loads only its own chunk) and
// one for the evidence derive process. npm packages stay external and load
// from node_modules. dist/current.json names the build the launcher runs;
// it is replaced atomically, so a build never disturbs a running process.
// Used by `npm ci` (prepare) and by the launcher when sources changed.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestSourceMtime, ROOT } from './sources.mjs';

const DIST = path.join(ROOT, 'dist');
const KEEP_MS = 60 * 60_000;

export async function build({ quiet = false } = {}) {
  const { build: esbuild } = await import('esbuild');
  const newest = newestSourceMtime();
  const id = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const out = path.join(DIST, id);
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: {
      portalbots: 'bin/portalbots.ts',
      'derive-child': 'evidence-store/derive/child-main.ts',
      'era-parse-worker-main': 'x12/parallel-worker.ts',
    },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    // CommonJS packages imported by name (pdfkit, ...) still need require().
    banner: {
      js: "import { createRequire as __pbRequire } from 'node:module'; const require = __pbRequire(import.meta.url);",
    },
  });
  copyFileSync(path.join(ROOT, 'evidence-store/derive/child.mjs'), path.join(out, 'child.mjs'));
  copyFileSync(path.join(ROOT, 'x12/era-parse-worker.mjs'), path.join(out, 'era-parse-worker.mjs'));
  const tmp = path.join(DIST, `current.json.${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify({ id, newestSource: newest, builtAt: Date.now() })}\n`);
  renameSync(tmp, path.join(DIST, 'current.json'));
  prune(id);
  return { id, dir: out };
}

/** Removes builds other than the current one that are over an hour old (running processes may still use younger ones). */
function prune(current) {
  for (const entry of readdirSync(DIST, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const dir = path.join(DIST, entry.name);
    if (Date.now() - statSync(dir).mtimeMs > KEEP_MS) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(DIST, { recursive: true });
  const { id } = await build();
  process.stdout.write(`built dist/${id}\n`);
}
