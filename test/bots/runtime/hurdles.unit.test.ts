// Pure parts of the sign-in hurdles: when a maintenance notice says the
// portal is back, and matching a portal's security question to the stored one.
import { describe, expect, it } from 'vitest';
import { answerFor } from '../../../bots/runtime/hurdles.ts';
import { msUntilNoticeTime } from '../../../bots/runtime/maintenance.ts';

const H = 3_600_000;

describe('msUntilNoticeTime', () => {
  // 2026-12-07 09:00 UTC = 04:00 EST (New York is UTC-5 in December).
  const winter = new Date('2026-12-07T09:00:00Z');
  // 2026-07-07 09:00 UTC = 05:00 EDT (UTC-4 in July).
  const summer = new Date('2026-07-07T09:00:00Z');

  it('reads "back at 06:00 ET" in Eastern time, winter and summer', () => {
    expect(msUntilNoticeTime('We will be back at 06:00 ET.', winter)).toBe(2 * H);
    expect(msUntilNoticeTime('We will be back at 06:00 ET.', summer)).toBe(1 * H);
  });

  it('takes the next occurrence when the time has passed today', () => {
    expect(msUntilNoticeTime('back at 03:30 ET', winter)).toBe(23.5 * H);
  });

  it('reads 12-hour times and other zones', () => {
    expect(msUntilNoticeTime('Available again by 7:15 AM EST', winter)).toBe(3.25 * H);
    // 04:00 EST is 01:00 PST.
    expect(msUntilNoticeTime('maintenance until 2 a.m. PT', winter)).toBe(H);
    expect(msUntilNoticeTime('back at 12:30 PM CT', winter)).toBe(9.5 * H);
  });

  it('names no time: undefined (the configured default applies)', () => {
    expect(msUntilNoticeTime('The portal is undergoing scheduled maintenance. Please try again later.')).toBe(
      undefined,
    );
    expect(msUntilNoticeTime('Back in 5 minutes')).toBe(undefined);
  });
});

describe('answerFor', () => {
  const answers = { "What is your mother's maiden name?": 'Okonkwo 12', 'In what city were you born?': 'Toledo 3' };
  it('matches a question ignoring case, spacing and punctuation', () => {
    expect(answerFor(answers, 'what is your mothers maiden name')).toBe('Okonkwo 12');
    expect(answerFor(answers, '  In what city were you born ? ')).toBe('Toledo 3');
  });
  it('an unknown question has no answer', () => {
    expect(answerFor(answers, 'What was the name of your first pet?')).toBeUndefined();
    expect(answerFor(undefined, 'In what city were you born?')).toBeUndefined();
  });
});
