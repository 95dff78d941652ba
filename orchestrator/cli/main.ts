// `portalbots` entry point: one verb per module under commands/.
import { Command } from 'commander';
import { registerEraCommands } from '../era/cli.ts';
import { registerPortalsCommand } from '../../mock-portals/cli.ts';
import { registerApiKeyCommand } from './commands/apikey.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDenialsCommand } from './commands/denials.ts';
import { registerEvidenceCommand } from './commands/evidence.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { registerOrchestratorCommand } from './commands/orchestrator.ts';
import { registerQueuesCommand } from './commands/queues.ts';
import { registerResultsCommand } from './commands/results.ts';
import { registerScheduleCommand } from './commands/schedule.ts';
import { exitOnError } from './errors.ts';

export function buildProgram(): Command {
  const program = new Command('portalbots')
    .description('Payer-portal bots for billing teams: claim status, ERAs, denials, credentialing, with tamper-evident evidence')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(`portalbots: ${str.replace(/^error: /, '')}`) });
  registerDemoCommand(program);
  registerPortalsCommand(program);
  registerWorkerCommand(program);
  registerOrchestratorCommand(program);
  registerScheduleCommand(program);
  registerQueuesCommand(program);
  registerResultsCommand(program);
  registerRunCommand(program);
  registerDenialsCommand(program);
  registerDbCommands(program);
  registerApiKeyCommand(program);
  registerEraCommands(program);
  registerEvidenceCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    exitOnError(e);
  }
}
