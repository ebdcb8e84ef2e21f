import { AuthError, UsernameReserved, type UsernameReservationEvent } from '@tangle/contracts';
import type { Decider } from '../shared/decider';

const SHAPE = /^[A-Za-z0-9_.-]{2,32}$/;

export interface Username {
  readonly value: string;
  /** Lower-cased: uniqueness is case-insensitive. */
  readonly normalized: string;
}

/** 2 to 32 of letters, digits, `_`, `.`, `-`. */
export function parseUsername(raw: string): Username {
  const value = raw.trim();
  if (!SHAPE.test(value)) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      'username must be 2 to 32 letters, digits, "_", "." or "-"',
    );
  }
  return { value, normalized: value.toLowerCase() };
}

export type UsernameReservationState = { status: 'free' } | { status: 'reserved'; userId: string };

export type UsernameReservationCommand = {
  kind: 'reserve';
  userId: string;
  username: string;
  at: number;
};

export const usernameReservationDecider: Decider<
  UsernameReservationCommand,
  UsernameReservationState,
  UsernameReservationEvent
> = {
  initialState: { status: 'free' },
  decide(command, state) {
    if (state.status === 'reserved') {
      if (state.userId === command.userId) return [];
      throw new AuthError('USERNAME_ALREADY_EXISTS');
    }
    return [
      {
        type: UsernameReserved,
        data: { userId: command.userId, username: command.username, reservedAt: command.at },
      },
    ];
  },
  evolve(_state, event) {
    return { status: 'reserved', userId: event.data.userId };
  },
};
