// Programmatic API of the UHC-like mock portal. Same shape as the other mock
// portals (RunningPortal), so startPortals and tests treat every portal alike.
import type { AddressInfo } from 'node:net';
import type { RunningPortal, StartPortalOptions } from '../availity/index.ts';
import { DEFAULT_SEED } from '../data/accounts.ts';
import { groundTruth } from '../data/truth.ts';
import { buildUhcServer, uhcDefaultFaults } from './server.ts';

export async function startUhcPortal(opts: StartPortalOptions = {}): Promise<RunningPortal> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const host = opts.host ?? '127.0.0.1';
  const server = buildUhcServer(seed, opts.faults ?? {});
  await server.app.listen({ port: opts.port ?? 0, host });
  const port = (server.app.server.address() as AddressInfo).port;
  return {
    portal: 'uhc',
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => server.app.close(),
    setFaults: (f) => server.applyFaults(f),
    faults: () => ({ ...server.faults }),
    stats: () => server.sessions.stats(),
    reset: () => {
      server.sessions.reset();
      const d = uhcDefaultFaults();
      server.applyFaults({ maintenance: false, slowMs: 0, rateLimit: 0, retryAfterSec: d.retryAfterSec, layout: 'v1', lockoutAfter: d.lockoutAfter, sessionTtlMs: d.sessionTtlMs });
    },
    truth: groundTruth(seed),
  };
}

export { buildUhcServer, uhcDefaultFaults } from './server.ts';
