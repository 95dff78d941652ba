// The messages a webhook endpoint can receive: `result` (a lookup result, the
// v1 result message), the work queue's `denial.escalated` (events.ts) and the
// operational events of ops-events.ts. The name is sent as
// `X-Portalbots-Event`, and an endpoint's `events` filter lists the kinds it
// wants (every kind but `result` is opt-in).
export const OPS_EVENT_TYPES = [
  'accounts.low',
  'accounts.recovered',
  'credential.password_expiring',
  'challenge.waiting',
] as const;
export type OpsEventType = (typeof OPS_EVENT_TYPES)[number];

export const WORK_QUEUE_EVENT_TYPES = ['denial.escalated'] as const;
export type WorkQueueEventType = (typeof WORK_QUEUE_EVENT_TYPES)[number];

export const WEBHOOK_EVENTS = ['result', ...WORK_QUEUE_EVENT_TYPES, ...OPS_EVENT_TYPES] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Every kind but a result. */
export type EventKind = Exclude<WebhookEvent, 'result'>;

export const EVENT_HEADER = 'X-Portalbots-Event';
