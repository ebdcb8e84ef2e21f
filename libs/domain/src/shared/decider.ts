/**
 * A decider: pure decision logic for one stream. `decide` turns a command and the
 * current state into new events (or throws an AuthError); `evolve` folds an event
 * into the state. No I/O, no clock, no randomness: those arrive inside the command.
 */
export interface Decider<Command, State, Event> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<State, Event>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}
