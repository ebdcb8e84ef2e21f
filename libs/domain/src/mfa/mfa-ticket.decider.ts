import {
  AuthError,
  MfaTicketCompleted,
  MfaTicketFailed,
  MfaTicketIssued,
  type DeviceInfo,
  type MfaTicketEvent,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';

/** Wrong codes a ticket survives; the next one kills it (the account's TOTP limit also counts). */
export const MFA_TICKET_MAX_FAILURES = 5;

interface TicketFacts {
  ticketId: string;
  userId: string;
  ticketHash: string;
  passwordFingerprint: string;
  device: DeviceInfo;
  remembered: boolean;
  expiresAt: number;
  failures: number;
}

export type MfaTicketState =
  { status: 'none' } | ({ status: 'issued' | 'completed' } & TicketFacts);

export type MfaTicketCommand =
  | {
      kind: 'issue';
      ticketId: string;
      userId: string;
      ticketHash: string;
      passwordFingerprint: string;
      device: DeviceInfo;
      remembered: boolean;
      at: number;
      expiresAt: number;
    }
  /** A wrong code came with the ticket. */
  | { kind: 'fail'; ticketHash: string; at: number }
  /** The second factor was right: the ticket opens session `sessionId`, once. */
  | { kind: 'complete'; ticketHash: string; sessionId: string; at: number };

/** One gateway sign-in waiting for its second factor: single use, short-lived. */
export const mfaTicketDecider: Decider<MfaTicketCommand, MfaTicketState, MfaTicketEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    if (command.kind === 'issue') {
      if (state.status !== 'none') throw new AuthError('CONFLICT', 'ticket already issued');
      const { kind: _kind, at, ...data } = command;
      return [{ type: MfaTicketIssued, data: { ...data, issuedAt: at } }];
    }
    // Unknown, forged, expired, spent or killed: one answer.
    if (
      state.status !== 'issued' ||
      state.ticketHash !== command.ticketHash ||
      command.at >= state.expiresAt ||
      state.failures >= MFA_TICKET_MAX_FAILURES
    ) {
      throw new AuthError('INVALID_TOKEN', 'the sign-in ticket is invalid, expired or used');
    }
    if (command.kind === 'fail') {
      return [{ type: MfaTicketFailed, data: { ticketId: state.ticketId, at: command.at } }];
    }
    return [
      {
        type: MfaTicketCompleted,
        data: { ticketId: state.ticketId, sessionId: command.sessionId, at: command.at },
      },
    ];
  },

  evolve(state, event) {
    switch (event.type) {
      case MfaTicketIssued: {
        const { issuedAt: _issuedAt, ...facts } = event.data;
        return { status: 'issued', ...facts, failures: 0 };
      }
      case MfaTicketFailed:
        return state.status === 'none' ? state : { ...state, failures: state.failures + 1 };
      case MfaTicketCompleted:
        return state.status === 'none' ? state : { ...state, status: 'completed' };
      default:
        return state;
    }
  },
};
