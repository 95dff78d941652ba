// The source files a build is made from, and how new the newest one is. The
// launcher compares that with the build's stamp on every start, so a stale
// build never runs (a stat of each file: a few milliseconds).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Folders whose files end up in the build (tests and docs do not). */
const SOURCE_DIRS = [
  'bin',
  'bots',
  'orchestrator',
  'evidence-store',
  'x12',
  'mock-portals',
  'tools',
  'prisma/generated',
];
const SOURCE_FILE = /\.(ts|mts|mjs|js|json)$/;

export function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (SOURCE_FILE.test(e.name)) {
        const m = statSync(p).mtimeMs;
        if (m > newest) newest = m;
      }
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(ROOT, d));
  return newest;
}
