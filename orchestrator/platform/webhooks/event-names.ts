// The events a webhook endpoint can receive: `result` (a lookup result, the v1
// result message) and the operational events of ops-events.ts. The name is
// sent as `X-Portalbots-Event`, and an endpoint's `events` filter lists them.
export const OPS_EVENT_TYPES = ['accounts.low', 'accounts.recovered', 'credential.password_expiring'] as const;
export type OpsEventType = (typeof OPS_EVENT_TYPES)[number];

export const WEBHOOK_EVENTS = ['result', ...OPS_EVENT_TYPES] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const EVENT_HEADER = 'X-Portalbots-Event';
