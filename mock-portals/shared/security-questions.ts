// The security questions each seeded account enrolled, with their answers.
// Derived from the seed and the account id alone, so the portal kit (which
// knows only account ids) and the seeded account lists agree without sharing
// state. Answers are what the account holder typed at enrolment.
import { Rng } from './prng.ts';

const QUESTIONS = [
  'What was the name of your first pet?',
  'In what city were you born?',
  'What was the make of your first car?',
  'What is the name of the street you grew up on?',
  "What is your mother's maiden name?",
  'What was the name of your elementary school?',
] as const;
const ANSWERS = ['Biscuit', 'Toledo', 'Corolla', 'Maple Avenue', 'Okonkwo', 'Lincoln Elementary', 'Pepper', 'Fresno'];

/** Three of the portal's questions, each with the account's answer. */
export function securityAnswersOf(seed: number, accountId: string): Record<string, string> {
  const rng = new Rng(seed, `${accountId}:security-questions`);
  const pool = [...QUESTIONS];
  const out: Record<string, string> = {};
  for (let i = 0; i < 3; i++) {
    const q = pool.splice(rng.int(0, pool.length - 1), 1)[0] as string;
    out[q] = `${rng.pick(ANSWERS)} ${rng.digits(2)}`;
  }
  return out;
}
