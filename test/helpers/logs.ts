// Captures pino output in memory so tests can assert on what was logged.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../orchestrator/logging.ts';

export interface CapturedLogs {
  logger: Logger;
  lines: string[];
  text(): string;
}

export function captureLogs(level = 'debug'): CapturedLogs {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines, text: () => lines.join('\n') };
}
