// The `portalbots` command line: one verb per module under commands/. A verb's
// module is loaded only when that verb runs; top-level help is built from the
// descriptions here alone, so `portalbots --help` loads no verb at all and
// `portalbots era parse` does not pay for Playwright, BullMQ and Fastify.
import { Command } from 'commander';

export type Register = (program: Command) => unknown;

export interface Verb {
  description: string;
  /** The modules that register the verb (and its sub-verbs). */
  load: (() => Promise<Register>)[];
  /**
   * Sub-verbs one module registers on its own: when the command line names
   * one, only that module is loaded (`era parse` then starts without the
   * database layer, zod and the config table: about 100 ms less).
   */
  alone?: Record<string, () => Promise<Register>>;
}

const loadEraParse = async () => (await import('./commands/era-parse.ts')).registerEraCommands;

/** The product's verbs, in help order. Development verbs (demo, portals, bench) are added by bin/portalbots.ts. */
export const PRODUCT_VERBS: Record<string, Verb> = {
  worker: {
    description: 'Run bots for queued jobs until SIGTERM (any number, on any host)',
    load: [async () => (await import('./commands/worker.ts')).registerWorkerCommand],
  },
  orchestrator: {
    description: 'Run the scheduler, results fan-out, webhooks and the HTTP API + dashboard',
    load: [async () => (await import('./commands/orchestrator.ts')).registerOrchestratorCommand],
  },
  run: {
    description: 'Look up claims (or providers, or an ERA date range) on a portal now',
    load: [async () => (await import('./commands/run.ts')).registerRunCommand],
  },
  schedule: {
    description: 'List, set and remove per-portal schedules',
    load: [async () => (await import('./commands/schedule.ts')).registerScheduleCommand],
  },
  queues: {
    description: 'Queue depths, dead jobs and retries per portal',
    load: [async () => (await import('./commands/queues.ts')).registerQueuesCommand],
  },
  results: {
    description: 'Export a run’s results as CSV or JSON',
    load: [async () => (await import('./commands/results.ts')).registerResultsCommand],
  },
  denials: {
    description: 'The denial work queue and its reports',
    load: [
      async () => (await import('./commands/denials.ts')).registerDenialsCommand,
      async () => (await import('./commands/denials-work.ts')).registerDenialsWorkCommands,
      async () => (await import('./commands/denials-appeal.ts')).registerDenialsAppealCommand,
    ],
  },
  credentialing: {
    description: 'Provider credentialing status and alerts (CAQH-like)',
    load: [async () => (await import('./commands/credentialing.ts')).registerCredentialingCommand],
  },
  era: {
    description: 'Parse and ingest X12 835 electronic remittance advice (ERA) files',
    load: [loadEraParse, async () => (await import('./commands/era-pipeline.ts')).registerEraIngestCommand],
    alone: { parse: loadEraParse },
  },
  evidence: {
    description: 'List, verify and export evidence; appeal packets',
    load: [async () => (await import('./commands/evidence.ts')).registerEvidenceCommand],
  },
  apikey: {
    description: 'Create, list and revoke API keys for the HTTP API and dashboard',
    load: [async () => (await import('./commands/apikey.ts')).registerApiKeyCommand],
  },
  credentials: {
    description: 'Portal accounts of the fleet: health, unblock, rotate',
    load: [async () => (await import('./commands/credentials.ts')).registerCredentialsCommand],
  },
  webhooks: {
    description: 'Add, list and remove webhook endpoints that receive signed results',
    load: [async () => (await import('./commands/webhooks.ts')).registerWebhooksCommand],
  },
  db: {
    description: 'Database migrations',
    load: [async () => (await import('./commands/db.ts')).registerDbCommands],
  },
};

const PROGRAM_VERSION = '0.1.0';

function baseProgram(): Command {
  return new Command('portalbots')
    .description(
      'Payer-portal bots for billing teams: claim status, ERAs, denials, credentialing, with tamper-evident evidence',
    )
    .version(PROGRAM_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(`portalbots: ${str.replace(/^error: /, '')}`) });
}

/**
 * Builds the CLI with the named verbs loaded; the others appear in help by
 * their description only. `subverb` (the word after the verb) loads only its
 * own module when the verb registers it alone.
 */
export async function buildProgram(
  verbs: Record<string, Verb>,
  load: string[] = Object.keys(verbs),
  subverb?: string,
): Promise<Command> {
  const program = baseProgram();
  for (const [name, verb] of Object.entries(verbs)) {
    if (!load.includes(name)) {
      program.command(name).description(verb.description);
      continue;
    }
    const alone = subverb !== undefined && verb.alone !== undefined && Object.hasOwn(verb.alone, subverb);
    for (const register of alone ? [verb.alone![subverb]!] : verb.load) (await register())(program);
  }
  return program;
}

export async function main(argv: string[], verbs: Record<string, Verb> = PRODUCT_VERBS): Promise<void> {
  try {
    const verb = argv[2];
    const program = await buildProgram(verbs, verb && Object.hasOwn(verbs, verb) ? [verb] : [], argv[3]);
    await program.parseAsync(argv);
  } catch (e) {
    // Loaded here, not up front: the error path needs the config table (zod), a parse does not.
    (await import('./errors.ts')).exitOnError(e);
  }
}
