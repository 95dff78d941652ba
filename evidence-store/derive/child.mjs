// Entry of the derive process (see process.ts). Plain JavaScript so that it
// starts the same way under every runner; tsx's loader then runs the
// TypeScript sources, as bin/portalbots.mjs does.
//
// The CPU priority is lowered for every thread: on Linux a nice value belongs
// to a thread, and Node's thread pool (where sharp runs) may exist before this
// code does. Threads started later inherit it from the thread that starts them.
import { readdirSync } from 'node:fs';
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
const { register } = await import('tsx/esm/api');
register();
await import('./child-main.ts');
lowerPriority();
