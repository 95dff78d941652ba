// Entry of the derive process (see process.ts). Plain JavaScript so that it
// starts the same way under every runner: in a compiled build (dist/, where
// scripts/build.mjs copies this file) it runs the compiled derive-child.mjs
// beside it; from the sources, tsx's loader runs the TypeScript.
//
// The CPU priority is lowered for every thread: on Linux a nice value belongs
// to a thread, and Node's thread pool (where sharp runs) may exist before this
// code does. Threads started later inherit it from the thread that starts them.
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';

const wanted = Number(process.env.PORTALBOTS_DERIVE_NICE ?? '10');
const nice = Number.isInteger(wanted) ? Math.min(19, Math.max(0, wanted)) : 10;
function lowerPriority() {
  let threads = [0];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // No /proc (macOS, Windows): there the priority is the whole process's.
  }
  for (const tid of threads) {
    try {
      os.setPriority(tid, nice);
    } catch {
      // Not permitted here: derivation still works, at normal priority.
    }
  }
}

lowerPriority();
const compiled = new URL('./derive-child.mjs', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./child-main.ts');
}
lowerPriority();
