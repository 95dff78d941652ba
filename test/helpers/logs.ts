// Captures pino output in memory so tests can assert on what was logged.
import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { BotLogger } from '../../bots/runtime/bot.ts';
import { createLogger, LOG_TEE_ENV, type Logger } from '../../orchestrator/platform/logging.ts';

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

/**
 * A plain BotLogger for tests that drive a BotRunner directly (no pino): it
 * records lines like captureLogs and also appends them to the run's scanned
 * log file, so the suite-wide secret scan sees what the runner logged.
 */
export function recordingBotLogger(): { logger: BotLogger; lines: string[] } {
  const lines: string[] = [];
  const file = process.env[LOG_TEE_ENV];
  const log = (level: string) => (obj: object, msg?: string) => {
    const line = JSON.stringify({ level, time: new Date().toISOString(), ...obj, msg });
    lines.push(line);
    if (file) appendFileSync(file, `${line}\n`);
  };
  return { logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }, lines };
}

/** Wraps a test's own BotLogger so what it receives also reaches the suite-wide secret scan. */
export function scanned(inner: BotLogger): BotLogger {
  const file = process.env[LOG_TEE_ENV];
  if (!file) return inner;
  const tee = (level: keyof BotLogger) => (obj: object, msg?: string) => {
    appendFileSync(file, `${JSON.stringify({ level, time: new Date().toISOString(), ...obj, msg })}\n`);
    inner[level](obj, msg);
  };
  return { debug: tee('debug'), info: tee('info'), warn: tee('warn'), error: tee('error') };
}
