import { AuthError, type ErrorName } from '@tangle/contracts';
import type { Decider } from '../shared/decider';

/**
 * A reservation whose account never got registered (the process died between the
 * two appends) blocks its value until it is older than this; then a new
 * registration may release it and take the value.
 */
export const ABANDONED_RESERVATION_AFTER_MS = 60_000;

export type ReleaseReason = 'abandoned' | 'changed' | 'deleted';

export type ReservationState =
  { status: 'free' } | { status: 'reserved'; userId: string; value: string; reservedAt: number };

export type ReservationCommand<R extends string = ReleaseReason> =
  | {
      kind: 'reserve';
      userId: string;
      /** The value as the user typed it (an address, a username). */
      value: string;
      /**
       * Whether the current holder's account holds the value, read by the caller from the
       * account's stream: registered with it (an email address: as its address, or as a
       * previous address its undo link may still restore). A holder that holds the value keeps
       * it; a reservation whose account never came to be, or no longer holds the value (it moved
       * to another address), may be taken over once it is old enough.
       */
      holderHolds: boolean;
      at: number;
    }
  | { kind: 'release'; userId: string; reason: R; at: number };

/**
 * How one kind of reservation spells its events; `R`, the reasons it may be released for (a
 * reservation taken over is always released as `abandoned`).
 */
export interface ReservationEvents<E, R extends string = ReleaseReason> {
  reserved(userId: string, value: string, at: number): E;
  released(userId: string, reason: R | 'abandoned', at: number): E;
  /** The state an event leads to. */
  read(event: E): ReservationState;
  /** The refusal when another account holds the value. */
  taken: ErrorName;
}

/**
 * Uniqueness of a value (an email address, a username) through one stream per
 * value: the first reservation is appended with expected revision "no stream",
 * so of any number of racing registrations exactly one wins.
 */
export function reservationDecider<E, R extends string = ReleaseReason>(
  events: ReservationEvents<E, R>,
): Decider<ReservationCommand<R>, ReservationState, E> {
  return {
    initialState: { status: 'free' },

    decide(command, state) {
      if (command.kind === 'release') {
        if (state.status !== 'reserved' || state.userId !== command.userId) return [];
        return [events.released(command.userId, command.reason, command.at)];
      }
      const reserve = events.reserved(command.userId, command.value, command.at);
      if (state.status === 'free') return [reserve];
      if (state.userId === command.userId) {
        // A claim its account does not hold yet (an email change on its way) is renewed once
        // it is half-way to being taken over, so the change can rely on a fresh one.
        const renew =
          !command.holderHolds &&
          command.at - state.reservedAt >= ABANDONED_RESERVATION_AFTER_MS / 2;
        return renew ? [reserve] : [];
      }
      if (command.holderHolds || command.at - state.reservedAt < ABANDONED_RESERVATION_AFTER_MS) {
        throw new AuthError(events.taken);
      }
      return [events.released(state.userId, 'abandoned', command.at), reserve];
    },

    evolve(_state, event) {
      return events.read(event);
    },
  };
}
