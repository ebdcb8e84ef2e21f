import {
  AuthError,
  UsernameReleased,
  UsernameReserved,
  type UsernameReservationEvent,
} from '@tangle/contracts';
import { ABANDONED_RESERVATION_AFTER_MS } from '../email/email-reservation.decider';
import type { Decider } from '../shared/decider';
import { assertNoUnsafeCharacters } from '../shared/text';

const SHAPE = /^[A-Za-z0-9_.-]{2,32}$/;

export interface Username {
  readonly value: string;
  /** Lower-cased: uniqueness is case-insensitive. */
  readonly normalized: string;
}

/** 2 to 32 of letters, digits, `_`, `.`, `-`. */
export function parseUsername(raw: string): Username {
  const value = raw.trim();
  assertNoUnsafeCharacters('username', value);
  if (!SHAPE.test(value)) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      'username must be 2 to 32 letters, digits, "_", "." or "-"',
    );
  }
  return { value, normalized: value.toLowerCase() };
}

export type UsernameReservationState =
  { status: 'free' } | { status: 'reserved'; userId: string; reservedAt: number };

export type UsernameReservationCommand = {
  kind: 'reserve';
  userId: string;
  username: string;
  /** Whether the current holder's account exists: read by the caller from its stream. */
  holderRegistered: boolean;
  at: number;
};

/**
 * Like email reservations: the first reservation wins; one whose account never
 * registered (a crash in between) may be taken over once it is old enough.
 */
export const usernameReservationDecider: Decider<
  UsernameReservationCommand,
  UsernameReservationState,
  UsernameReservationEvent
> = {
  initialState: { status: 'free' },
  decide(command, state) {
    const reserve: UsernameReservationEvent = {
      type: UsernameReserved,
      data: { userId: command.userId, username: command.username, reservedAt: command.at },
    };
    if (state.status === 'free') return [reserve];
    if (state.userId === command.userId) return [];
    if (
      command.holderRegistered ||
      command.at - state.reservedAt < ABANDONED_RESERVATION_AFTER_MS
    ) {
      throw new AuthError('USERNAME_ALREADY_EXISTS');
    }
    return [
      {
        type: UsernameReleased,
        data: { userId: state.userId, reason: 'abandoned', releasedAt: command.at },
      },
      reserve,
    ];
  },
  evolve(_state, event) {
    return event.type === UsernameReserved
      ? { status: 'reserved', userId: event.data.userId, reservedAt: event.data.reservedAt }
      : { status: 'free' };
  },
};
