// Every bot the platform can run, by portal id. The orchestrator reaches bots
// only through this map and the BotDefinition interface.
import { availityBot } from './availity/index.ts';
import { caqhBot } from './caqh/index.ts';
import { medicaidBot } from './medicaid/index.ts';
import { uhcBot } from './uhc/index.ts';
import type { BotDefinition } from './runtime/bot.ts';

export const bots: Record<string, BotDefinition> = {
  [availityBot.portal]: availityBot,
  [uhcBot.portal]: uhcBot,
  [caqhBot.portal]: caqhBot,
  [medicaidBot.portal]: medicaidBot,
};

export class UnknownPortalError extends Error {
  override name = 'UnknownPortalError';
}

export function getBot(portal: string): BotDefinition {
  const bot = Object.hasOwn(bots, portal) ? bots[portal] : undefined;
  if (!bot)
    throw new UnknownPortalError(`Unknown portal "${portal}"; known portals: ${Object.keys(bots).sort().join(', ')}`);
  return bot;
}
