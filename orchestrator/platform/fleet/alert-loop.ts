// The orchestrator's periodic account check: re-evaluates every portal's
// low-accounts alert (catching what no health change announced: a schedule
// enabled, an account added or deleted) and queues the webhook deliveries of
// recorded ops events, whichever process recorded them (a worker that
// stopped an account, a CLI unblock). Safe on several orchestrators at once.
import type { Queue } from 'bullmq';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { WebhookRetry } from '../webhooks/deliver.ts';
import { dispatchOpsEvents } from '../webhooks/dispatch-events.ts';
import { evaluateAccountAlerts } from './account-alerts.ts';
import type { CapacityOptions } from './capacity.ts';

export interface AccountAlertLoopOptions {
  db: Db;
  /** The webhook delivery queue (the results fan-out's). */
  webhooks: Queue;
  capacity: CapacityOptions;
  intervalMs: number;
  logger: Logger;
  webhookRetry?: WebhookRetry;
}

export interface AccountAlertLoop {
  /** One pass now (tests; also what the timer runs). */
  tick(): Promise<void>;
  close(): Promise<void>;
}

export function startAccountAlertLoop(opts: AccountAlertLoopOptions): AccountAlertLoop {
  const log = opts.logger.child({ component: 'account-alerts' });
  let running: Promise<void> | undefined;
  const pass = async () => {
    const fired = await evaluateAccountAlerts(opts.db, opts.capacity);
    for (const t of fired)
      log[t.event === 'accounts.low' ? 'warn' : 'info'](
        { event: t.event, portal: t.portal, healthy: t.healthy, needed: t.needed },
        t.event === 'accounts.low'
          ? 'portal has fewer healthy accounts than it needs'
          : 'portal has enough accounts again',
      );
    await dispatchOpsEvents(opts.db, opts.webhooks, opts.webhookRetry);
  };
  const tick = () =>
    (running ??= pass()
      .catch((err: unknown) => log.error({ err }, 'account alert pass failed'))
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => void tick(), opts.intervalMs);
  timer.unref();
  void tick();
  return {
    tick,
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
