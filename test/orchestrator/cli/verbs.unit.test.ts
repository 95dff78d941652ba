// The CLI loads a verb's modules only when that verb runs, and of a verb whose
// sub-verb registers alone, only that sub-verb's module (`era parse` starts
// without the database layer).
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, PRODUCT_VERBS, type Verb } from '../../../orchestrator/cli/main.ts';

function recordingVerbs(loaded: string[]): Record<string, Verb> {
  const module = (name: string, sub: string) => async () => {
    loaded.push(name);
    return (program: Command) => {
      const era = program.commands.find((c) => c.name() === 'era') ?? program.command('era');
      era.command(sub);
    };
  };
  return {
    era: {
      description: 'ERA',
      load: [module('parse-module', 'parse'), module('pipeline-module', 'ingest')],
      alone: { parse: module('parse-module', 'parse') },
    },
    other: { description: 'other', load: [module('other-module', 'x')] },
  };
}

describe('verb loading', () => {
  it('loads only the module of a sub-verb that registers alone', async () => {
    const loaded: string[] = [];
    const program = await buildProgram(recordingVerbs(loaded), ['era'], 'parse');
    expect(loaded).toEqual(['parse-module']);
    expect(program.commands.find((c) => c.name() === 'era')!.commands.map((c) => c.name())).toEqual(['parse']);
  });

  it('loads every module of the verb for any other sub-verb or for help', async () => {
    for (const sub of ['ingest', '--help', undefined]) {
      const loaded: string[] = [];
      await buildProgram(recordingVerbs(loaded), ['era'], sub);
      expect(loaded, String(sub)).toEqual(['parse-module', 'pipeline-module']);
    }
  });

  it('era parse is registered by its own module alone', () => {
    expect(Object.keys(PRODUCT_VERBS.era!.alone ?? {})).toEqual(['parse']);
  });
});
