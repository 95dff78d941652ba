// `portalbots` entry point: one verb per module under commands/. Only the
// invoked verb's module is loaded (the full set only for top-level help), so
// `portalbots era parse` does not pay for Playwright, BullMQ and Fastify.
import { Command } from 'commander';
import { exitOnError } from './errors.ts';

type Register = (program: Command) => unknown;

/** Verb -> loaders of the modules that register it, in help order. */
const VERBS: Record<string, (() => Promise<Register>)[]> = {
  demo: [async () => (await import('./commands/demo.ts')).registerDemoCommand],
  portals: [async () => (await import('../../mock-portals/cli.ts')).registerPortalsCommand],
  worker: [async () => (await import('./commands/worker.ts')).registerWorkerCommand],
  orchestrator: [async () => (await import('./commands/orchestrator.ts')).registerOrchestratorCommand],
  schedule: [async () => (await import('./commands/schedule.ts')).registerScheduleCommand],
  queues: [async () => (await import('./commands/queues.ts')).registerQueuesCommand],
  results: [async () => (await import('./commands/results.ts')).registerResultsCommand],
  run: [async () => (await import('./commands/run.ts')).registerRunCommand],
  denials: [async () => (await import('./commands/denials.ts')).registerDenialsCommand],
  credentialing: [async () => (await import('./commands/credentialing.ts')).registerCredentialingCommand],
  db: [async () => (await import('./commands/db.ts')).registerDbCommands],
  apikey: [async () => (await import('./commands/apikey.ts')).registerApiKeyCommand],
  era: [
    async () => (await import('../era/cli.ts')).registerEraCommands,
    async () => (await import('./commands/era-pipeline.ts')).registerEraIngestCommand,
  ],
  evidence: [async () => (await import('./commands/evidence.ts')).registerEvidenceCommand],
  bench: [async () => (await import('./commands/bench.ts')).registerBenchCommand],
};

/** Builds the CLI with the given verbs (default: all of them). */
export async function buildProgram(verbs: string[] = Object.keys(VERBS)): Promise<Command> {
  const program = new Command('portalbots')
    .description(
      'Payer-portal bots for billing teams: claim status, ERAs, denials, credentialing, with tamper-evident evidence',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(`portalbots: ${str.replace(/^error: /, '')}`) });
  for (const verb of verbs) for (const load of VERBS[verb] ?? []) (await load())(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    const verb = argv[2];
    const program = await buildProgram(verb && verb in VERBS ? [verb] : undefined);
    await program.parseAsync(argv);
  } catch (e) {
    exitOnError(e);
  }
}
