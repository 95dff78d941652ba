// `portalbots run --wait` as a person sees it: a note within seconds when no
// worker consumes the portal's queue; each task's own columns (credentialing
// here); and a rerun inside the dedup window says it joined the earlier
// lookup and shows that lookup's evidence.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCredentials, startAvailityPortal, startCaqhPortal } from '../../../mock-portals/index.ts';
import { createHarness, type Harness } from '../../helpers/harness.ts';
import { captureLogs } from '../../helpers/logs.ts';

const SEED = 42;
const exec = promisify(execFile);

describe('portalbots run --wait', () => {
  let h: Harness;
  let portal: Awaited<ReturnType<typeof startCaqhPortal>>;
  let availity: Awaited<ReturnType<typeof startAvailityPortal>>;
  let cliEnv: Record<string, string | undefined>;
  const logs = captureLogs();
  const cli = (...args: string[]) =>
    exec(process.execPath, ['bin/portalbots.mjs', 'run', ...args], { env: cliEnv }).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  beforeAll(async () => {
    portal = await startCaqhPortal({ seed: SEED, port: 0 });
    availity = await startAvailityPortal({ seed: SEED, port: 0 });
    h = await createHarness('runwait', { caqh: portal.url, availity: availity.url });
    cliEnv = {
      ...process.env,
      DATABASE_URL: h.config.databaseUrl,
      REDIS_URL: h.config.redisUrl,
      PORTALBOTS_QUEUE_PREFIX: h.config.queuePrefix,
      PORTALBOTS_PORTAL_CAQH_URL: portal.url,
      PORTALBOTS_PORTAL_AVAILITY_URL: availity.url,
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await h?.close();
    await portal?.close();
    await availity?.close();
  });

  it('says at once that no worker consumes the queue', { timeout: 60_000 }, async () => {
    const npi = portal.truth.providers[0]!.npi;
    const t0 = Date.now();
    const r = await cli('caqh', 'credentialing-status', '--npi', npi, '--wait', '--timeout', '2');
    expect(r).toMatchObject({ code: 1 });
    expect((r as { stderr: string }).stderr).toMatch(
      /^No worker is consuming the caqh queue: start one \(portalbots worker\)/m,
    );
    expect((r as { stderr: string }).stderr).toMatch(/Timed out after 2 s with 0 of 1 results/);
    expect(Date.now() - t0).toBeLessThan(45_000);
  });

  it('prints credentialing columns', { timeout: 180_000 }, async () => {
    const [a, b] = portal.truth.providers;
    const worker = await h.startWorker({ credentials: { caqh: demoCredentials(SEED).caqh }, logger: logs.logger });
    try {
      const r = await cli('caqh', 'credentialing-status', '--npi', a!.npi, '--npi', b!.npi, '--wait');
      const out = (r as { stdout: string }).stdout;
      expect(out).toMatch(/^NPI +provider +outcome +profile +attested +re-attest by +enrollments +evidence *$/m);
      expect(out).toContain(a!.npi);
      expect(out).toContain(a!.expected.providerName);
    } finally {
      await worker.close();
    }
  });

  it('a rerun inside the dedup window says it joined the earlier lookup and shows its evidence', {
    timeout: 180_000,
  }, async () => {
    const claim = availity.truth.claims[0]!.claimNumber;
    // The first lookup is queued with no worker yet; the CLI's rerun of the same claim joins it.
    await h.submit('availity', 'claim-status', [claim]);
    const rerun = cli('availity', 'claim-status', '--claim', claim, '--wait', '--json');
    await new Promise((r) => setTimeout(r, 3000));
    const worker = await h.startWorker({
      credentials: { availity: demoCredentials(SEED).availity },
      logger: logs.logger,
    });
    try {
      const r = (await rerun) as { stdout: string; stderr: string };
      expect(r.stderr).toMatch(/1 of 1 lookup\(s\) joined identical lookups queued within the dedup window/);
      const json = JSON.parse(r.stdout) as {
        results: { joinedJobId: string | null; evidenceIds: string[]; outcome: string; claimNumber: string }[];
      };
      expect(json.results).toHaveLength(1);
      expect(json.results[0]).toMatchObject({ outcome: 'found', claimNumber: claim });
      expect(json.results[0]!.joinedJobId).toMatch(/^availity\.claim-status\./);
      // The evidence shown is the joined lookup's own.
      const ev = await h.db.evidence.findMany({
        where: { jobId: json.results[0]!.joinedJobId! },
        select: { id: true },
      });
      expect(json.results[0]!.evidenceIds.sort()).toEqual(ev.map((e) => e.id).sort());
      expect(ev.length).toBeGreaterThan(0);
    } finally {
      await worker.close();
    }
  });
});
