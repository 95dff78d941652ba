// The import rules of docs/ARCHITECTURE.md are enforced by dependency-cruiser
// (.dependency-cruiser.cjs, run by `npm run lint`). This proves the rules bite:
// a scratch tree that breaks each one is reported, one error per break.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../orchestrator/platform/project-root.ts';

const files: Record<string, string> = {
  'bots/a/index.ts': "import '../../orchestrator/platform/config.ts';\n",
  'bots/index.ts': 'export const b = 1;\n',
  'bots/runtime/x.ts': 'export const r = 1;\n',
  'orchestrator/platform/config.ts': "import '../denials/x.ts';\n",
  'orchestrator/denials/x.ts': "import '../accounts/y.ts';\nimport '../../bots/runtime/x.ts';\n",
  'orchestrator/accounts/y.ts': "import '../../evidence-store/ledger/z.ts';\n",
  'evidence-store/ledger/z.ts': "import '../../mock-portals/m.ts';\n",
  'mock-portals/m.ts': "import './gone.ts';\n",
  'x12/parse.ts': "import '../bots/a/index.ts';\n",
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      allowImportingTsExtensions: true,
      noEmit: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
    },
  }),
};

describe('import boundaries (npm run lint)', () => {
  let dir: string;
  afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

  it('reports every kind of boundary break', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'boundaries-'));
    for (const [f, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await writeFile(path.join(dir, f), text);
    }
    const out = await promisify(execFile)(
      projectPath('node_modules', '.bin', 'depcruise'),
      [
        '--config',
        projectPath('.dependency-cruiser.cjs'),
        'bots',
        'orchestrator',
        'evidence-store',
        'mock-portals',
        'x12',
      ],
      { cwd: dir },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(out.code).not.toBe(0);
    const rules = [...out.stdout.matchAll(/error ([a-z0-9-]+):/g)].map((m) => m[1]).sort();
    expect(rules).toEqual(
      [
        'bots-are-self-contained',
        'evidence-store-is-self-contained',
        'no-unresolvable-imports',
        'orchestrator-reaches-bots-through-their-interface',
        'orchestrator-reaches-evidence-through-its-api',
        'platform-is-the-bottom-layer',
        'production-never-imports-mocks-tools-or-tests',
        'subsystems-stay-in-their-lane',
        'x12-is-a-library',
      ].sort(),
    );
  });
});
