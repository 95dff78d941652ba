// The real `portalbots <verb>` program run in the test's own process: a
// subprocess costs seconds of module loading on a shared 2-core machine.
// Environment variables are set for the call and restored after it; stdout,
// stderr and process.exit are captured. Argument errors from commander
// itself, or anything that must prove it needs no database, belong in a
// spawned CLI instead.
import { vi } from 'vitest';
import { buildProgram, PRODUCT_VERBS } from '../../orchestrator/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export async function runCliInProcess(verb: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true)),
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Exit(code ?? 0);
    }) as never),
  ];
  process.exitCode = undefined;
  try {
    await (await buildProgram(PRODUCT_VERBS, [verb])).parseAsync(['node', 'portalbots', verb, ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } catch (e) {
    if (e instanceof Exit) return { code: e.code, stdout, stderr };
    throw e;
  } finally {
    process.exitCode = undefined;
    for (const s of spies) s.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
