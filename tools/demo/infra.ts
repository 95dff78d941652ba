// What the demo needs from the machine: Redis from REDIS_URL when set (it
// must answer), else the default local port, else a private redis-server from
// PATH on a free port (and says so). PostgreSQL: embedded-postgres.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { checkRedis } from '../../orchestrator/platform/preflight.ts';

export interface Provisioned {
  url: string;
  note: string;
  stop(): Promise<void>;
}

export function answers(host: string, port: number, timeoutMs = 800): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function provisionRedis(envUrl: string | undefined): Promise<Provisioned> {
  if (envUrl) {
    await checkRedis(envUrl);
    return { url: envUrl, note: 'Redis from REDIS_URL', stop: async () => {} };
  }
  if (await answers('127.0.0.1', 6379))
    return { url: 'redis://127.0.0.1:6379', note: 'Redis on 127.0.0.1:6379', stop: async () => {} };
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve());
    });
  } catch {
    throw new Error(
      'No Redis answers on 127.0.0.1:6379 and no redis-server is on PATH: install Redis or set REDIS_URL',
    );
  }
  for (let i = 0; i < 50 && !(await answers('127.0.0.1', port)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url: `redis://127.0.0.1:${port}`,
    note: `started a private redis-server on 127.0.0.1:${port} (stopped when the demo ends)`,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}
