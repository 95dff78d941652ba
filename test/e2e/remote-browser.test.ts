// Workers attach to a Playwright browser server on another host when
// PORTALBOTS_BROWSER_WS_ENDPOINT is set: lookups run in the server's Chromium
// (a local launch is made impossible here), and a server that cannot be
// reached fails the lookup as browser_crashed without revealing the
// endpoint's secret path.
import { chromium, type BrowserServer } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../../bots/runtime/browser.ts';
import { demoCredentials } from '../../mock-portals/index.ts';
import { startAvailityPortal } from '../../mock-portals/index.ts';
import { loadConfig } from '../../orchestrator/platform/config.ts';
import { waitForRun } from '../../orchestrator/platform/runs/wait.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';
import { captureLogs } from '../helpers/logs.ts';

const SEED = 4242;
const SECRET_PATH = '/b7f3c1e0-secret-browser-path';

describe('remote browsers', () => {
  let portal: Awaited<ReturnType<typeof startAvailityPortal>>;
  let server: BrowserServer;
  let h: Harness;
  const logs = captureLogs();
  const account = demoCredentials(SEED).availity;
  const localChromium = process.env.CHROMIUM_PATH;

  beforeAll(async () => {
    portal = await startAvailityPortal({ seed: SEED });
    const executablePath = chromiumExecutablePath();
    server = await chromium.launchServer({
      ...(executablePath ? { executablePath } : {}),
      args: [...CHROMIUM_ARGS],
      wsPath: SECRET_PATH,
      host: '127.0.0.1',
    });
    h = await createHarness('remote_browser', { availity: portal.url });
    // From here on a worker that launched Chromium itself would fail.
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
  }, 60_000);
  afterAll(async () => {
    if (localChromium === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = localChromium;
    await h?.close();
    await server?.close();
    await portal?.close();
  });

  it('accepts only ws:// or wss:// endpoints, naming the variable', () => {
    expect(() => loadConfig({ PORTALBOTS_BROWSER_WS_ENDPOINT: 'http://10.0.0.12:3000/x' })).toThrow(
      /^Invalid environment variable PORTALBOTS_BROWSER_WS_ENDPOINT/,
    );
    expect(loadConfig({ PORTALBOTS_BROWSER_WS_ENDPOINT: 'wss://browsers.internal/x' }).browserWsEndpoint).toBe(
      'wss://browsers.internal/x',
    );
  });

  it("runs lookups in the browser server's Chromium", { timeout: 120_000 }, async () => {
    h.config.browserWsEndpoint = server.wsEndpoint();
    const claims = portal.truth.claims.slice(0, 3);
    const run = await h.submit(
      'availity',
      'claim-status',
      claims.map((c) => c.claimNumber),
    );
    const worker = await h.startWorker({ credentials: { availity: account }, logger: logs.logger });
    const rows = await waitForRun(h.db, run.runId, claims.length, { timeoutMs: 90_000 });
    expect(rows.map((r) => r.outcome)).toEqual(['found', 'found', 'found']);
    for (const r of rows) expect(r.data).toEqual(claims.find((c) => c.claimNumber === r.claimNumber)!.expected);
    expect(rows.every((r) => r.evidenceCount >= 1)).toBe(true);
    await worker.close();
  });

  it('fails a lookup as browser_crashed when the server is unreachable, keeping its path secret', {
    timeout: 120_000,
  }, async () => {
    // A port nothing listens on, with a secret path.
    h.config.browserWsEndpoint = `ws://127.0.0.1:9${SECRET_PATH}`;
    const claim = portal.truth.claims[5]!;
    const run = await h.submit('availity', 'claim-status', [claim.claimNumber]);
    const worker = await h.startWorker({ credentials: { availity: account }, logger: logs.logger });
    const [row] = await waitForRun(h.db, run.runId, 1, { timeoutMs: 90_000 });
    expect(row).toMatchObject({ outcome: 'failed', errorClass: 'browser_crashed' });
    expect(row!.errorMessage).toMatch(/^Could not connect to the browser server at 127\.0\.0\.1:9:/);
    expect(row!.errorMessage).not.toContain(SECRET_PATH);
    expect(logs.text()).not.toContain(SECRET_PATH);
    await worker.close();
  });
});
