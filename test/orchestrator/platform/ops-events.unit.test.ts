// Ops-event webhooks, pure parts: which endpoints take which kind, and the
// expiry day read from a portal's password warning.
import { describe, expect, it } from 'vitest';
import { expiryFromWarning } from '../../../orchestrator/platform/webhooks/ops-events.ts';
import { EventFilter, matches, matchesEvent } from '../../../orchestrator/platform/webhooks/store.ts';

const NOW = new Date('2026-12-07T09:00:00Z');

describe('ops events', () => {
  it('reads the expiry day from the warning text, or none', () => {
    expect(expiryFromWarning('Your password expires in 5 days.', NOW)?.toISOString()).toBe('2026-12-12T00:00:00.000Z');
    expect(expiryFromWarning('Password expires in 1 day', NOW)?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(expiryFromWarning('Your password will expire on 01/05/2027', NOW)?.toISOString()).toBe(
      '2027-01-05T00:00:00.000Z',
    );
    expect(expiryFromWarning('expires 2026-12-31', NOW)?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(expiryFromWarning('Your password expires today', NOW)?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(expiryFromWarning('Please update your password soon', NOW)).toBeNull();
  });

  it('sends each event kind only where the events filter lists it (opt-in); portals filter every kind', () => {
    const all = EventFilter.parse({});
    const ops = EventFilter.parse({ events: ['accounts.low', 'accounts.recovered'] });
    const failures = EventFilter.parse({ outcomes: ['failed'] });
    const availity = EventFilter.parse({ portals: ['availity'] });
    const low = { event: 'accounts.low' as const, portal: 'medicaid' };
    const result = { portal: 'medicaid', task: 'claim-status' as const, outcome: 'failed' as const };
    const availityOps = EventFilter.parse({ events: ['accounts.low'], portals: ['availity'] });
    // No `events`: results only, so a receiver written for results never gets a body it does not know.
    expect(matchesEvent(all, low)).toBe(false);
    expect(matchesEvent(ops, low)).toBe(true);
    expect(matchesEvent(ops, { event: 'credential.password_expiring', portal: 'medicaid' })).toBe(false);
    expect(matchesEvent(failures, low)).toBe(false);
    expect(matchesEvent(availity, low)).toBe(false);
    expect(matchesEvent(availityOps, low)).toBe(false);
    expect(matchesEvent(availityOps, { ...low, portal: 'availity' })).toBe(true);
    // A work-queue escalation names no portal: the portals filter does not hold it back.
    expect(
      matchesEvent(EventFilter.parse({ events: ['denial.escalated'], portals: ['uhc'] }), {
        event: 'denial.escalated',
      }),
    ).toBe(true);
    expect(matches(ops, result)).toBe(false);
    expect(matches(EventFilter.parse({ events: ['result'] }), result)).toBe(true);
    expect(matches(all, result)).toBe(true);
    expect(() => EventFilter.parse({ events: ['accounts.gone'] })).toThrow();
  });
});
