// A parked login tells ops: creating a challenge records a `challenge.waiting`
// event in the same transaction (sent as a webhook by the orchestrator), with
// the challenge's id, kind, account and deadline but never the portal's prompt
// (it may name a phone number or mailbox); only endpoints that subscribed get it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyring } from '../../../../orchestrator/accounts/keyring.ts';
import { vaultSecretBox } from '../../../../orchestrator/accounts/secret-box.ts';
import { createChallenge } from '../../../../orchestrator/platform/challenges/store.ts';
import { loadOpsEventMessage } from '../../../../orchestrator/platform/webhooks/ops-events.ts';
import { addEndpoint, endpointsForEvent } from '../../../../orchestrator/platform/webhooks/store.ts';
import { createEnv, PORTAL, type Env } from '../setup.ts';

const box = vaultSecretBox(parseKeyring(`k1:${Buffer.alloc(32, 3).toString('base64')}`));

describe('challenge.waiting', () => {
  let env: Env;
  beforeAll(async () => {
    env = await createEnv('chwaiting');
  });
  afterAll(async () => env?.close());

  it('is recorded with the challenge, without the prompt, for subscribed endpoints only', async () => {
    const subscribed = await addEndpoint(env.db, box, {
      url: 'http://127.0.0.1:9/ops',
      eventFilter: { events: ['challenge.waiting'] },
    });
    await addEndpoint(env.db, box, { url: 'http://127.0.0.1:9/results' });
    const c = await createChallenge(env.db, {
      kind: 'otp_sms',
      portal: PORTAL,
      credentialId: 'acct-a',
      prompt: 'Enter the code we sent to (555) 010-4477',
      timeoutMs: 240_000,
    });
    const events = await env.db.opsEvent.findMany({ where: { type: 'challenge.waiting' } });
    expect(events).toHaveLength(1);
    const message = await loadOpsEventMessage(env.db, events[0]!.id);
    expect(message).toMatchObject({
      event: 'challenge.waiting',
      portal: PORTAL,
      data: { challengeId: c.id, kind: 'otp_sms', credentialId: 'acct-a', expiresAt: c.expiresAt.toISOString() },
    });
    expect(JSON.stringify(message)).not.toContain('555');
    expect(await endpointsForEvent(env.db, { event: 'challenge.waiting', portal: PORTAL })).toEqual([subscribed.id]);
  });
});
