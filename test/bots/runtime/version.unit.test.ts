// Bot versions are content hashes: a change to a bot's code changes its
// version, so results and evidence say exactly which code read a page.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bots } from '../../../bots/index.ts';
import { folderHash } from '../../../bots/runtime/version.ts';

describe('bot versions', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('change when a file of the folder changes, is added or is renamed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'botversion-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'login.ts'), 'export const a = 1;\n');
    const v1 = folderHash(dir);
    expect(folderHash(dir)).toBe(v1);
    await writeFile(path.join(dir, 'login.ts'), 'export const a = 2;\n');
    const v2 = folderHash(dir);
    expect(v2).not.toBe(v1);
    await writeFile(path.join(dir, 'search.ts'), '');
    expect(folderHash(dir)).not.toBe(v2);
  });

  it('name the portal, its folder hash and the runtime hash; portals differ, the runtime part is shared', () => {
    const versions = Object.values(bots).map((b) => b.version);
    for (const [portal, bot] of Object.entries(bots))
      expect(bot.version).toMatch(new RegExp(`^${portal}-[0-9a-f]{8}\\.[0-9a-f]{8}$`));
    expect(new Set(versions).size).toBe(versions.length);
    expect(new Set(versions.map((v) => v.split('.')[1])).size).toBe(1);
  });
});
