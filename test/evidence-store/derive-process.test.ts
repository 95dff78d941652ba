// Derived copies are made in a child process at a lower CPU priority: the
// copies are the same bytes as made in-process, every thread of the child runs
// niced, and a child that dies fails its requests and is replaced.
import { readdir, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveCopies, type DeriveRequest } from '../../evidence-store/derive/derivations.ts';
import { processDeriver, type ProcessDeriver } from '../../evidence-store/derive/process.ts';
import { portalPng } from './helpers.ts';

let deriver: ProcessDeriver | undefined;
afterEach(async () => {
  await deriver?.close();
  deriver = undefined;
});

async function request(label: string): Promise<DeriveRequest> {
  return {
    png: await portalPng(label),
    banner: {
      capturedAt: '2026-11-20T15:04:05.123Z',
      portal: 'availity',
      url: 'https://portal.example.test/x',
      claimRef: 'AET1',
      botVersion: '1.2.3',
      sha256: 'a'.repeat(64),
    },
    bannerPosition: 'bottom',
    thumbnailWidth: 320,
  };
}

/** Nice value of every thread of a process (Linux: field 19 of /proc/<pid>/task/<tid>/stat). */
async function threadNices(pid: number): Promise<number[]> {
  const tids = await readdir(`/proc/${pid}/task`);
  return Promise.all(
    tids.map(async (t) => {
      const stat = await readFile(`/proc/${pid}/task/${t}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    }),
  );
}

describe('derive process', () => {
  it('makes the same copies as in-process derivation', { timeout: 60_000 }, async () => {
    deriver = processDeriver({ nice: 10 });
    const req = await request('claim AET1');
    const [viaChild, inline] = await Promise.all([deriver.derive(req), deriveCopies(req)]);
    expect(viaChild.map(([v]) => v)).toEqual(['webp', 'thumb', 'annotated']);
    for (let i = 0; i < inline.length; i++) {
      expect(Buffer.isBuffer(viaChild[i]![1])).toBe(true);
      expect(viaChild[i]![1].equals(inline[i]![1]), viaChild[i]![0]).toBe(true);
    }
  });

  it.runIf(process.platform === 'linux')(
    'runs every thread of the child at the configured nice value',
    { timeout: 60_000 },
    async () => {
      deriver = processDeriver({ nice: 7 });
      // Several requests at once, so sharp's worker threads exist while we look.
      const req = await request('claim AET2');
      const work = Promise.all(Array.from({ length: 6 }, () => deriver!.derive(req)));
      await deriver.derive(req);
      const nices = await threadNices(deriver.pid()!);
      await work;
      expect(nices.length).toBeGreaterThan(3);
      expect(new Set(nices)).toEqual(new Set([7]));
      // Two malloc arenas (against glibc fragmentation in a long-lived image encoder), unless the operator chose otherwise.
      const environ = (await readFile(`/proc/${deriver.pid()!}/environ`, 'utf8')).split('\0');
      expect(environ).toContain(`MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '2'}`);
    },
  );

  it('fails the requests of a child that died and starts a new one for the next', { timeout: 60_000 }, async () => {
    deriver = processDeriver({ nice: 10 });
    const req = await request('claim AET3');
    await deriver.derive(req);
    const first = deriver.pid()!;
    const inFlight = deriver.derive(req);
    process.kill(first, 'SIGKILL');
    await expect(inFlight).rejects.toThrow(/derive process exited/);
    const again = await deriver.derive(req);
    expect(again).toHaveLength(3);
    expect(deriver.pid()).not.toBe(first);
  });
});
