import { AuthError, type ErrorName } from '@tangle/contracts';
import { fold, type Decider } from '../shared/decider';

/**
 * Given/when/then for deciders: given past events, when a command is decided,
 * then these events (or this error) follow.
 */
export function given<C, S, E>(decider: Decider<C, S, E>, history: readonly E[] = []) {
  const state = fold(decider, history);
  return {
    state,
    when(command: C) {
      const run = () => decider.decide(command, state);
      return {
        then(expected: readonly E[]): S {
          const events = run();
          expect(events).toEqual(expected);
          return fold({ initialState: state, evolve: decider.evolve }, events);
        },
        thenFails(name: ErrorName, detail?: RegExp): void {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(AuthError);
          expect((caught as AuthError).errorName).toBe(name);
          if (detail) expect((caught as AuthError).detail).toMatch(detail);
        },
      };
    },
  };
}
