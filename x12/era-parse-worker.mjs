// Entry of the `era parse` worker threads (see parallel.ts). Plain JavaScript
// so it starts the same way under every runner: in a compiled build (dist/,
// where scripts/build.mjs copies this file) it runs the compiled worker beside
// it; from the sources, tsx's loader runs the TypeScript.
import { existsSync } from 'node:fs';

const compiled = new URL('./era-parse-worker-main.mjs', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./parallel-worker.ts');
}
