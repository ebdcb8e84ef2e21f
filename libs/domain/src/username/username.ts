import {
  AuthError,
  UsernameReleased,
  UsernameReserved,
  type UsernameReservationEvent,
} from '@tangle/contracts';
import { reservationDecider } from '../reservation/reservation.decider';
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

/** `username-<key>` streams: one account per username, whatever its case. */
export const usernameReservationDecider = reservationDecider<UsernameReservationEvent>({
  reserved: (userId, username, reservedAt) => ({
    type: UsernameReserved,
    data: { userId, username, reservedAt },
  }),
  released: (userId, reason, releasedAt) => ({
    type: UsernameReleased,
    data: { userId, reason, releasedAt },
  }),
  read: (event) =>
    event.type === UsernameReserved
      ? {
          status: 'reserved',
          userId: event.data.userId,
          value: event.data.username,
          reservedAt: event.data.reservedAt,
        }
      : { status: 'free' },
  taken: 'USERNAME_ALREADY_EXISTS',
});
