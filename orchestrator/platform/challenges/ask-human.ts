// The orchestrator's side of a bot's askHuman: the bot's question becomes a
// row of the challenge queue (listed by GET /api/v1/challenges and the
// dashboard's Challenges page) and the parked login waits, polling the row,
// until a person answers or the challenge's time is up. The bot knows nothing
// of this: it only awaits the promise.
import type { AskHuman } from '../../../bots/index.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import { cancelChallenge, createChallenge, takeAnswer } from './store.ts';

export interface AskHumanOptions {
  db: Db;
  logger: Logger;
  /** How long a person has to answer (PORTALBOTS_CHALLENGE_TIMEOUT). */
  timeoutMs: number;
  /** How often the waiting login looks for the answer. Default 1 s. */
  pollMs?: number;
}

export class ChallengeExpiredError extends Error {
  override name = 'ChallengeExpiredError';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function askHumanVia(opts: AskHumanOptions): AskHuman {
  return async (c) => {
    const created = await createChallenge(opts.db, {
      kind: c.kind,
      portal: c.portal,
      credentialId: c.credentialId,
      prompt: c.prompt,
      screenshot: c.screenshot,
      ...(c.evidenceId ? { evidenceId: c.evidenceId } : {}),
      timeoutMs: opts.timeoutMs,
    });
    opts.logger.warn(
      {
        event: 'challenge_waiting',
        challengeId: created.id,
        kind: c.kind,
        portal: c.portal,
        credentialId: c.credentialId,
      },
      'a login waits for a person to answer a challenge',
    );
    try {
      for (;;) {
        const got = await takeAnswer(opts.db, created.id);
        if (typeof got === 'object') {
          opts.logger.info({ event: 'challenge_answered', challengeId: created.id }, 'challenge answered');
          return got.answer;
        }
        if (got !== 'pending')
          throw new ChallengeExpiredError(
            `challenge ${created.id} ${got === 'expired' ? `expired after ${Math.round(opts.timeoutMs / 1000)} s` : 'was cancelled'}`,
          );
        await sleep(opts.pollMs ?? 1_000);
      }
    } catch (e) {
      // A database hiccup must not leave a challenge listed as waiting for an answer no one will read.
      if (!(e instanceof ChallengeExpiredError)) await cancelChallenge(opts.db, created.id).catch(() => undefined);
      throw e;
    }
  };
}
