// The repository's root directory, found from this module's own location by
// walking up to portalbots' package.json. Works the same from the TypeScript
// sources and from a compiled build in dist/<id>/ (where paths relative to
// import.meta.url would point into the build).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'portalbots') {
      root = dir;
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('portalbots: cannot find the project root (package.json) above this module');
    dir = up;
  }
}

/** A path inside the repository, e.g. projectPath('prisma', 'migrations'). */
export function projectPath(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}
