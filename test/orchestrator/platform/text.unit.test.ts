// Issue #16 item 10: every string schema in orchestrator/ is built from
// text() (platform/text.ts), which refuses NUL bytes. A bare z.string() would
// let a NUL through to PostgreSQL (a 500), so it is a test failure here.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NUL_MESSAGE, text } from '../../../orchestrator/platform/text.ts';

/** Environment variables cannot hold a NUL byte, so the config schema may use z.string(). */
const EXEMPT = new Set(['orchestrator/platform/text.ts', 'orchestrator/platform/config.ts']);

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('text()', () => {
  it('refuses NUL and keeps the usual string checks', () => {
    expect(text().safeParse('a\u0000b').error?.issues[0]?.message).toBe(NUL_MESSAGE);
    expect(text().max(3).safeParse('abcd').success).toBe(false);
    expect(text().trim().min(1).parse('  x ')).toBe('x');
    expect(text().optional().parse(undefined)).toBeUndefined();
  });

  it('is the only way orchestrator/ builds a string schema', async () => {
    const offenders: string[] = [];
    for (const file of await sources('orchestrator')) {
      const rel = file.split(path.sep).join('/');
      if (EXEMPT.has(rel)) continue;
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (/\bz\.string\(/.test(line)) offenders.push(`${rel}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
