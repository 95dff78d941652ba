// Issue #16 item 15: the OpenAPI document names where the API is served,
// documents 400/401/403/404/413 on every route, and lints clean with a
// standard linter (Redocly CLI, recommended rules: no errors, no warnings).
// On the code before this change it had no servers, only some routes named
// their errors, and Redocly reported 34 warnings (operationId, 2xx, license).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiFixture, type ApiFixture } from './setup.ts';

const run = promisify(execFile);
let f: ApiFixture;
let doc: {
  servers?: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>>;
};

beforeAll(async () => {
  f = await createApiFixture('apiopenapi', { dashboard: true });
  doc = (await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
}, 60_000);
afterAll(async () => {
  await f?.close();
});

describe('OpenAPI document', () => {
  it('has a servers entry', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.servers![0]!.url).toMatch(/^\{scheme\}:\/\/\{host\}$/);
  });

  it('documents 400, 401, 403, 404 and 413 on every route, and a unique operationId', () => {
    const missing: string[] = [];
    const ids = new Set<string>();
    let operations = 0;
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        operations++;
        for (const code of ['400', '401', '403', '404', '413'])
          if (!op.responses[code]) missing.push(`${method.toUpperCase()} ${p} ${code}`);
        expect(op.operationId, `${method} ${p}`).toBeTruthy();
        expect(ids.has(op.operationId!), op.operationId).toBe(false);
        ids.add(op.operationId!);
      }
    }
    expect(operations).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('the documented error shape is what a 413 really answers', async () => {
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/v1/lookups',
      headers: { authorization: `Bearer ${f.keys.billing}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ portal: 'availity', task: 'claim-status', claims: ['x'.repeat(1024 * 1024)] }),
    });
    expect(res.statusCode).toBe(413);
    expect(Object.keys(res.json()).sort()).toEqual(['error', 'message', 'statusCode']);
  });

  it('lints clean with Redocly CLI (recommended rules)', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portalbots-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc));
      const bin = path.resolve('node_modules/.bin/redocly');
      const out = await run(bin, ['lint', file, '--format=json'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 16 * 1024 * 1024,
      }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
      const report = JSON.parse(out.stdout.slice(out.stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string }[];
      };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
