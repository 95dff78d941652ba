// `portalbots denials appeal` through the real program (in this process, as
// denials-cli.test.ts does) against the UHC-like mock, a real worker, Redis,
// PostgreSQL and evidence store: --submit with the portal enabled files the
// reconsideration and prints the tracking number; asking again submits
// nothing; without the switch it is a dry run; bad input exits 2 in one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCredentials, startUhcPortal } from '../../../mock-portals/index.ts';
import { trackingNumberFor } from '../../../mock-portals/shared/reconsiderations.ts';
import { waitForRun } from '../../../orchestrator/platform/runs/wait.ts';
import { createHarness, type Harness, TEST_SIGNING_KEY } from '../../helpers/harness.ts';
import { captureLogs } from '../../helpers/logs.ts';
import { type CliRun, runCliInProcess } from '../../helpers/in-process-cli.ts';

const SEED = 4343;
let portal: Awaited<ReturnType<typeof startUhcPortal>>;
let h: Harness;
let claims: string[];
const logs = captureLogs();

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCliInProcess('denials', args, {
    DATABASE_URL: h.config.databaseUrl,
    REDIS_URL: h.config.redisUrl,
    PORTALBOTS_QUEUE_PREFIX: h.config.queuePrefix,
    PORTALBOTS_EVIDENCE_DIR: h.config.evidenceDir,
    PORTALBOTS_EVIDENCE_SIGNING_KEY: TEST_SIGNING_KEY,
    PORTALBOTS_PORTAL_UHC_URL: portal.url,
    LOG_LEVEL: 'silent',
    USER: 'biller-7',
    ...env,
  });
}

beforeAll(async () => {
  portal = await startUhcPortal({ seed: SEED });
  h = await createHarness('appealcli', { uhc: portal.url });
  const seeded = new Set(portal.truth.reconsiderations.map((r) => r.claimNumber));
  claims = portal.truth.claims
    .filter((c) => c.denial && !seeded.has(c.claimNumber))
    .slice(0, 2)
    .map((c) => c.claimNumber);
  await h.startWorker({ credentials: { uhc: demoCredentials(SEED).uhc }, logger: logs.logger });
  const run = await h.submit('uhc', 'claim-status', claims);
  await waitForRun(h.db, run.runId, claims.length, { timeoutMs: 120_000 });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await portal?.close();
});

describe('portalbots denials appeal', () => {
  it('submits with --submit on an enabled portal, prints the tracking number, and submits nothing the second time', async () => {
    const [c] = claims as [string];
    const enabled = { PORTALBOTS_PORTAL_UHC_SUBMIT_APPEALS: 'true' };
    const r = await cli(['appeal', c, '--reason', 'coding', '--submit', '--wait', '--json'], enabled);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const tracking = trackingNumberFor(SEED, 'uhc', 'RCN', c);
    expect(out).toMatchObject({
      status: 'queued',
      dryRun: false,
      outcome: 'found',
      data: { status: 'submitted', trackingNumber: tracking },
      item: { state: 'appealed', confirmationNumber: tracking },
    });
    const again = await cli(['appeal', c, '--submit'], enabled);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`${c}: already submitted on uhc, tracking ${tracking}; nothing queued\n`);
    const show = await cli(['show', c, '--json']);
    const history = JSON.parse(show.stdout).history as { by: string; kind: string }[];
    expect(history.filter((e) => e.kind === 'appeal_requested').map((e) => e.by)).toEqual(['biller-7']);
  }, 120_000);

  it('--submit without the portal switch is a dry run and says why', async () => {
    const r = await cli(['appeal', claims[1]!, '--submit', '--wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('DRY RUN');
    expect(r.stderr).toContain('PORTALBOTS_PORTAL_UHC_SUBMIT_APPEALS');
    expect(r.stdout).toBe(`${claims[1]}: dry_run; item new\n`);
  }, 120_000);

  it('bad input exits 2 with one line naming the flag or the item', async () => {
    const bad = await cli(['appeal', claims[1]!, '--reason', 'because']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--reason');
    const unknown = await cli(['appeal', 'ZZ99999999']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/ZZ99999999/);
  });
});
