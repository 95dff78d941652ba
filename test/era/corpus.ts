// The public real-world 835s in ../shared/era-public, read in place (never
// copied into this repository: each keeps its own project's licence).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The corpus lives beside the checkout (/work/shared/era-public for /work/<dir>); look up the tree for it. */
function findCorpus(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    for (const c of [path.join(dir, 'shared', 'era-public'), path.join(dir, 'era-public')])
      if (existsSync(path.join(c, 'SOURCES.md'))) return c;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

export const corpus = findCorpus();
/** The corpus's 835 files by name (`<project>__<path>`); empty when it is not there. */
export const corpusFiles = corpus ? readdirSync(corpus).filter((f) => f.includes('__')) : [];
