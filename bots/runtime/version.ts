// A bot's version is the content hash of its code, so results and evidence
// manifests say exactly which code read a page and nobody has to remember to
// bump a number: "<portal>-<hash of bots/<portal>/>.<hash of bots/runtime/>"
// (the runtime is in it because logins, capture and reading live there).
// Computed once per portal from the source files, which a deployment of
// portalbots always carries (the compiled build in dist/ is made from them).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const versions = new Map<string, string>();
let botsDir: string | undefined;

/** bots/ from this module's location: its parent in the sources, or <repo>/bots from dist/<build>/. */
function findBotsDir(): string {
  if (botsDir) return botsDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (path.basename(dir) === 'bots' && existsSync(path.join(dir, 'registry.ts'))) return (botsDir = dir);
    if (existsSync(path.join(dir, 'bots', 'registry.ts'))) return (botsDir = path.join(dir, 'bots'));
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the bots/ source folder to compute bot versions');
    dir = up;
  }
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** sha256 over each file's path (relative to `dir`) and bytes, in path order; first 8 hex digits. */
export function folderHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of files(dir)) {
    h.update(path.relative(dir, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 8);
}

export function botVersion(portal: string): string {
  let v = versions.get(portal);
  if (!v) {
    const root = findBotsDir();
    v = `${portal}-${folderHash(path.join(root, portal))}.${folderHash(path.join(root, 'runtime'))}`;
    versions.set(portal, v);
  }
  return v;
}
