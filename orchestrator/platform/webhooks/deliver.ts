// Delivers result messages and operational events (ops-events.ts) to webhook
// endpoints from a BullMQ queue, one job per (endpoint, result or event). Each HTTP attempt is logged in webhook_deliveries;
// a 5xx, 408, 429, timeout or network error is retried with exponential
// backoff, any other 4xx means the receiver refuses it and is not retried.
import { type Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import { WEBHOOK_QUEUE } from '../queue/jobs.ts';
import { assertPayload, WebhookJobPayload } from '../queue/payload.ts';
import { EVENT_HEADER } from './event-names.ts';
import { loadResultMessage } from './message.ts';
import { loadOpsEventMessage } from './ops-events.ts';
import type { SecretBox } from './secret-box.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signPayload } from './sign.ts';
import { loadEscalationMessage } from './event-message.ts';
import { endpointSecret, webhookUrlProblem } from './store.ts';

export interface WebhookRetry {
  attempts: number;
  baseDelayMs: number;
}
export const DEFAULT_WEBHOOK_RETRY: WebhookRetry = { attempts: 8, baseDelayMs: 5_000 };

export function webhookJobOptions(
  endpointId: string,
  resultJobId: string,
  retry: WebhookRetry = DEFAULT_WEBHOOK_RETRY,
) {
  return {
    jobId: `wh.${endpointId}.${resultJobId}`,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.baseDelayMs },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  };
}

export async function enqueueDelivery(
  queue: Queue,
  endpointId: string,
  resultJobId: string,
  retry?: WebhookRetry,
): Promise<void> {
  const data = assertPayload(WebhookJobPayload, { endpointId, resultJobId }, 'webhook job');
  await queue.add('deliver', data, webhookJobOptions(endpointId, resultJobId, retry));
}

/** Queues the delivery of an operational event (ops_events id) to one endpoint. */
export async function enqueueEventDelivery(
  queue: Queue,
  endpointId: string,
  eventId: string,
  retry?: WebhookRetry,
): Promise<void> {
  const data = assertPayload(WebhookJobPayload, { endpointId, eventId }, 'webhook job');
  await queue.add('deliver', data, webhookJobOptions(endpointId, `ev.${eventId}`, retry));
}

/** The message a job names: a result by its job id, a work-queue event or an operational event by row id. */
async function loadMessage(db: Db, payload: WebhookJobPayload) {
  if ('resultJobId' in payload)
    return {
      message: await loadResultMessage(db, payload.resultJobId),
      eventName: 'result',
      messageId: payload.resultJobId,
    };
  if ('event' in payload)
    return {
      message: await loadEscalationMessage(db, payload.eventId),
      eventName: payload.event,
      messageId: `${payload.event}:${payload.eventId}`,
    };
  const message = await loadOpsEventMessage(db, payload.eventId);
  return { message, eventName: message?.event ?? 'event', messageId: payload.eventId };
}

class DeliveryFailed extends Error {
  override name = 'DeliveryFailed';
}

export async function deliverOnce(
  db: Db,
  job: Job,
  timeoutMs: number,
  userAgent = 'portalbots-webhooks/1',
  box?: SecretBox,
): Promise<{ statusCode: number }> {
  const payload = assertPayload(WebhookJobPayload, job.data, 'webhook job');
  const { endpointId } = payload;
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId } });
  if (!endpoint?.enabled) throw new UnrecoverableError(`endpoint ${endpointId} is gone or disabled`);
  // Rows from before URLs were checked, or edited in the database: never send results over a network in clear.
  const urlProblem = webhookUrlProblem(endpoint.url);
  if (urlProblem) throw new UnrecoverableError(`endpoint ${endpointId} url ${urlProblem}`);
  let secret: string;
  try {
    secret = endpointSecret(endpoint, box);
  } catch (e) {
    throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
  }
  const { message, eventName, messageId } = await loadMessage(db, payload);
  if (!message) throw new DeliveryFailed(`${eventName} ${messageId} not found`);
  const body = JSON.stringify(message);
  const t = Math.floor(Date.now() / 1000);
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': userAgent,
        [SIGNATURE_HEADER]: signPayload(secret, body, t, job.id!),
        [DELIVERY_HEADER]: job.id!,
        [EVENT_HEADER]: eventName,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    statusCode = res.status;
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  const latencyMs = Math.round(performance.now() - started);
  await db.webhookDelivery.create({
    data: {
      endpointId,
      messageId,
      attempt: job.attemptsMade + 1,
      statusCode,
      latencyMs,
      error,
      delivered: error === null,
    },
  });
  if (error === null) return { statusCode: statusCode! };
  const retryable = statusCode === null || statusCode >= 500 || statusCode === 408 || statusCode === 429;
  if (!retryable) throw new UnrecoverableError(`endpoint refused delivery: ${error}`);
  throw new DeliveryFailed(error);
}

export interface WebhookDeliveryOptions {
  db: Db;
  connection: Redis;
  prefix: string;
  logger: Logger;
  concurrency?: number;
  timeoutMs?: number;
  /** Opens sealed endpoint secrets (accounts/secret-box.ts); without it only legacy plaintext secrets sign. */
  secrets?: SecretBox;
}

export async function startWebhookDelivery(
  opts: WebhookDeliveryOptions,
): Promise<{ worker: Worker; close(): Promise<void> }> {
  const log = opts.logger.child({ component: 'webhooks' });
  const worker = new Worker(
    WEBHOOK_QUEUE,
    (job: Job) => deliverOnce(opts.db, job, opts.timeoutMs ?? 10_000, undefined, opts.secrets),
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? 4,
    },
  );
  worker.on('error', (err) => log.error({ err }, 'webhook worker error'));
  worker.on('failed', (job, err) =>
    log.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, reason: err.message }, 'webhook delivery failed'),
  );
  await worker.waitUntilReady();
  return { worker, close: () => worker.close() };
}
