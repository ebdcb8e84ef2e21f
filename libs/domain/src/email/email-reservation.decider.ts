import {
  AuthError,
  EmailReleased,
  EmailReserved,
  type EmailReleasedData,
  type EmailReservationEvent,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';

/**
 * A reservation whose account never got registered (the process died between the
 * two appends) blocks the address until it is older than this; then a new sign-up
 * may release it and take the address.
 */
export const ABANDONED_RESERVATION_AFTER_MS = 60_000;

export type EmailReservationState =
  { status: 'free' } | { status: 'reserved'; userId: string; email: string; reservedAt: number };

export type EmailReservationCommand =
  | { kind: 'reserve'; userId: string; email: string; at: number }
  | {
      kind: 'take-over-abandoned';
      userId: string;
      email: string;
      /** Whether the holder's account exists: read by the caller from its stream. */
      holderRegistered: boolean;
      at: number;
    }
  | { kind: 'release'; userId: string; reason: EmailReleasedData['reason']; at: number };

export const emailReservationDecider: Decider<
  EmailReservationCommand,
  EmailReservationState,
  EmailReservationEvent
> = {
  initialState: { status: 'free' },

  decide(command, state) {
    switch (command.kind) {
      case 'reserve':
        if (state.status === 'reserved') {
          if (state.userId === command.userId) return [];
          throw new AuthError('EMAIL_ALREADY_EXISTS');
        }
        return [reserved(command.userId, command.email, command.at)];
      case 'take-over-abandoned':
        if (state.status === 'free') return [reserved(command.userId, command.email, command.at)];
        if (state.userId === command.userId) return [];
        if (
          command.holderRegistered ||
          command.at - state.reservedAt < ABANDONED_RESERVATION_AFTER_MS
        ) {
          throw new AuthError('EMAIL_ALREADY_EXISTS');
        }
        return [
          {
            type: EmailReleased,
            data: { userId: state.userId, reason: 'abandoned', releasedAt: command.at },
          },
          reserved(command.userId, command.email, command.at),
        ];
      case 'release':
        if (state.status !== 'reserved' || state.userId !== command.userId) return [];
        return [
          {
            type: EmailReleased,
            data: { userId: command.userId, reason: command.reason, releasedAt: command.at },
          },
        ];
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case EmailReserved:
        return {
          status: 'reserved',
          userId: event.data.userId,
          email: event.data.email,
          reservedAt: event.data.reservedAt,
        };
      case EmailReleased:
        return { status: 'free' };
      default:
        return _state;
    }
  },
};

function reserved(userId: string, email: string, at: number): EmailReservationEvent {
  return { type: EmailReserved, data: { userId, email, reservedAt: at } };
}
