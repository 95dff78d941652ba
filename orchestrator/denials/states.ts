// Work item life cycle. `resolved` is reached only through recordOutcome (it
// needs an outcome); `written_off` needs a reason. A resolved item can be
// reopened (an upheld first-level appeal goes to a second level).
import { InvalidTransitionError } from './errors.ts';

export const STATES = ['new', 'assigned', 'in_progress', 'appealed', 'corrected', 'resolved', 'written_off'] as const;
export type State = (typeof STATES)[number];
export const OPEN_STATES: readonly State[] = ['new', 'assigned', 'in_progress', 'appealed', 'corrected'];

/** An appeal is overturned, upheld or partially paid (reversed in part); a corrected claim gets paid (or partially). */
export const OUTCOMES = ['overturned', 'upheld', 'paid', 'partially_paid'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const TRANSITIONS: Record<State, readonly State[]> = {
  new: ['assigned', 'in_progress', 'written_off', 'resolved'],
  assigned: ['assigned', 'in_progress', 'written_off', 'resolved'],
  in_progress: ['assigned', 'appealed', 'corrected', 'written_off', 'resolved'],
  appealed: ['in_progress', 'resolved'],
  corrected: ['in_progress', 'resolved'],
  resolved: ['in_progress'],
  written_off: [],
};

export function isOpen(s: State): boolean {
  return OPEN_STATES.includes(s);
}

/** Throws InvalidTransitionError naming the allowed targets when `from -> to` is not a legal move. */
export function checkTransition(from: State, to: State): void {
  const allowed = TRANSITIONS[from];
  if (!allowed.includes(to)) throw new InvalidTransitionError(from, to, allowed);
}

/** Which outcomes make sense from which state (an appeal is overturned or upheld; a correction gets paid). */
export function checkOutcome(from: State, outcome: Outcome): void {
  checkTransition(from, 'resolved');
  if (outcome === 'overturned' && from !== 'appealed') {
    throw new InvalidTransitionError(
      from,
      'resolved',
      TRANSITIONS[from],
      `Outcome "overturned" needs an appealed item; this one is "${from}"`,
    );
  }
}
