// A Redis server of the test's own (never the shared one), so a fault test can
// kill and restart it. Append-only file with fsync on every write: a restart
// keeps the queue, as a production Redis with persistence would. (A Redis that
// loses its data on restart loses queued jobs: see docs/GUARANTEES.md.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGKILL the server (no shutdown save: the AOF alone must carry the data), wait `downMs`, start it again. */
  crashAndRestart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.write('PING\r\n');
        c.once('data', (d) => {
          c.destroy();
          resolve(String(d).startsWith('+PONG'));
        });
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`private redis on port ${port} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-redis-'));
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const launch = async () => {
    proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        dir,
      ],
      {
        stdio: 'ignore',
      },
    );
    await waitForPort(port, 10_000);
  };
  const kill = async (signal: NodeJS.Signals) => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(signal);
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async crashAndRestart(downMs) {
      await kill('SIGKILL');
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
