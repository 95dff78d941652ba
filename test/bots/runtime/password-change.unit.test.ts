import { describe, expect, it } from 'vitest';
import { generatePortalPassword } from '../../../bots/runtime/password-change.ts';
import { passwordProblem } from '../../../mock-portals/shared/password-rules.ts';

describe('generatePortalPassword', () => {
  it('always meets the portal rules (>= 12, upper, lower, digit, symbol)', () => {
    for (let i = 0; i < 500; i++) {
      const p = generatePortalPassword();
      expect(p).toHaveLength(20);
      expect(passwordProblem(p, [])).toBeUndefined();
    }
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generatePortalPassword()));
    expect(seen.size).toBe(200);
  });
});

describe('the mock portals password rules', () => {
  it('name what is missing', () => {
    expect(passwordProblem('Short1!', [])).toMatch(/12 characters/);
    expect(passwordProblem('alllowercase12!', [])).toMatch(/upper-case/);
    expect(passwordProblem('ALLUPPERCASE12!', [])).toMatch(/lower-case/);
    expect(passwordProblem('NoDigitsHere!!', [])).toMatch(/digit/);
    expect(passwordProblem('NoSymbols12345', [])).toMatch(/symbol/);
  });

  it('refuse any of the last 6 passwords, but not older ones', () => {
    const history = Array.from({ length: 7 }, (_, i) => `Harbor-Meadow${i}x`);
    expect(passwordProblem(history[6]!, history)).toMatch(/last 6/);
    expect(passwordProblem(history[1]!, history)).toMatch(/last 6/);
    expect(passwordProblem(history[0]!, history)).toBeUndefined();
  });
});
