// Derived copies cost about 100 ms of CPU per screenshot (mostly the lossless
// WebP). Queued after storeCapture they are off the lookup's path in time, but
// on a small machine they would still take CPU from the browser that the next
// lookups need. So they are made in a child process at a lower CPU priority
// (nice 10 by default): the browser and the workers come first, derivation
// uses what is left and catches up when lookups pause. One child per store,
// started on first use and replaced if it dies; requests in flight when it
// dies fail (the capture keeps its original; only its copies are missing).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DeriveOutputs, DeriveRequest } from './derivations.ts';

const ENTRY = fileURLToPath(new URL('./child.mjs', import.meta.url));

export interface Deriver {
  derive(req: DeriveRequest): Promise<DeriveOutputs>;
  close(): Promise<void>;
}

export interface ProcessDeriver extends Deriver {
  /** The derive process's pid while one runs (for monitoring). */
  pid(): number | undefined;
}

type Reply =
  | { ready: true }
  | { id: number; outputs: Array<[DeriveOutputs[number][0], Uint8Array]> }
  | { id: number; error: string };

export class DeriveProcessError extends Error {
  override name = 'DeriveProcessError';
}

export function processDeriver(opts: { nice: number }): ProcessDeriver {
  let child: ChildProcess | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve(o: DeriveOutputs): void; reject(e: Error): void }>();

  const failAll = (why: string) => {
    for (const w of waiting.values()) w.reject(new DeriveProcessError(why));
    waiting.clear();
  };
  // An idle child must not keep a finished CLI command alive.
  const holdOpen = (on: boolean) => {
    if (!child) return;
    if (on) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  };
  const start = (): ChildProcess => {
    const c = fork(ENTRY, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // glibc gives each of libvips's threads its own malloc arena, and a long-lived
      // process that encodes image after image fragments them: two arenas keep the
      // derive process near 110-150 MB over hundreds of screenshots instead of
      // growing past 190 MB (measured with 300 distinct screenshots).
      env: { MALLOC_ARENA_MAX: '2', ...process.env, PORTALBOTS_DERIVE_NICE: String(opts.nice) },
      execArgv: [],
    });
    c.on('message', (msg: Reply) => {
      if (!('id' in msg)) return;
      const w = waiting.get(msg.id);
      if (!w) return;
      waiting.delete(msg.id);
      if ('error' in msg) w.reject(new DeriveProcessError(msg.error));
      else w.resolve(msg.outputs.map(([v, b]) => [v, Buffer.from(b.buffer, b.byteOffset, b.byteLength)]));
      if (waiting.size === 0) holdOpen(false);
    });
    c.on('exit', (code, signal) => {
      if (child === c) child = null;
      failAll(`the derive process exited (${signal ?? `code ${String(code)}`})`);
    });
    c.on('error', (err) => failAll(`the derive process failed: ${err.message}`));
    return c;
  };

  return {
    pid: () => child?.pid,
    derive(req) {
      child ??= start();
      const id = nextId++;
      const result = new Promise<DeriveOutputs>((resolve, reject) => waiting.set(id, { resolve, reject }));
      holdOpen(true);
      child.send({ id, ...req });
      return result;
    },
    async close() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.disconnect();
      const timer = setTimeout(() => c.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
