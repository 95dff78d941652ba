// Smoke test of the benchmark helpers on a small file (the real 100 MB run
// is `portalbots bench`; this only proves the helpers produce valid files).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bench835File, generate835File } from '../../../tools/bench/era-files.ts';
import { parse835File } from '../../../x12/index.ts';

describe('835 bench helpers', () => {
  it('generates a valid, balanced multi-interchange file and measures it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'era-bench-'));
    try {
      const path = join(dir, 'b.835');
      const g = await generate835File(path, 3);
      expect(g.bytes).toBeGreaterThan(2.5e6);
      const r = await bench835File(path);
      expect(r.transactions).toBe(g.transactions);
      expect(r.claims).toBe(g.claims);
      expect(r.mbPerSecond).toBeGreaterThan(0);
      const parsed = await parse835File(path);
      expect(parsed.warnings).toEqual([]);
      expect(parsed.transactions.every((t) => t.balance.ok)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
