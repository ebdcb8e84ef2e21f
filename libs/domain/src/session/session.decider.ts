import {
  AuthError,
  SessionRevoked,
  SessionSeen,
  SessionStarted,
  type DeviceInfo,
  type GeoInfo,
  type SessionEvent,
  type SessionMethod,
  type SessionRevocationReason,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';

interface SessionFacts extends DeviceInfo, GeoInfo {
  sessionId: string;
  userId: string;
  tokenHash: string;
  method: SessionMethod;
  startedAt: number;
  lastSeenAt: number;
}

export type SessionState =
  | { status: 'none' }
  | ({ status: 'active' } & SessionFacts)
  | ({ status: 'revoked'; revokedAt: number } & SessionFacts);

export type SessionCommand =
  | ({
      kind: 'start';
      sessionId: string;
      userId: string;
      tokenHash: string;
      method: SessionMethod;
      at: number;
    } & DeviceInfo &
      GeoInfo)
  | {
      kind: 'record-activity';
      at: number;
      /** Activity is recorded at most once per interval, so use cannot flood the log. */
      minIntervalMs: number;
    }
  | {
      kind: 'revoke';
      /** The user asking; only the session's owner may revoke it. */
      byUserId: string;
      bySessionId: string | null;
      reason: SessionRevocationReason;
      at: number;
    };

export const sessionDecider: Decider<SessionCommand, SessionState, SessionEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.kind) {
      case 'start': {
        if (state.status !== 'none') throw new AuthError('CONFLICT', 'session already exists');
        const { kind: _kind, at, ...facts } = command;
        return [{ type: SessionStarted, data: { ...facts, startedAt: at } }];
      }
      case 'record-activity':
        if (state.status !== 'active') return [];
        if (command.at - state.lastSeenAt < command.minIntervalMs) return [];
        return [
          {
            type: SessionSeen,
            data: { sessionId: state.sessionId, userId: state.userId, at: command.at },
          },
        ];
      case 'revoke':
        // Another user's session answers as a missing one: the refusal must not
        // confirm that a session id exists.
        if (state.status === 'none' || state.userId !== command.byUserId) {
          throw new AuthError('NOT_FOUND', 'no such session');
        }
        if (state.status === 'revoked') return [];
        return [
          {
            type: SessionRevoked,
            data: {
              sessionId: state.sessionId,
              userId: state.userId,
              revokedBy: command.byUserId,
              revokedBySession: command.bySessionId,
              reason: command.reason,
              at: command.at,
            },
          },
        ];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case SessionStarted: {
        const { startedAt, ...facts } = event.data;
        return { status: 'active', ...facts, startedAt, lastSeenAt: startedAt };
      }
      case SessionSeen:
        if (state.status === 'none') return state;
        return { ...state, lastSeenAt: Math.max(state.lastSeenAt, event.data.at) };
      case SessionRevoked:
        if (state.status === 'none') return state;
        return { ...state, status: 'revoked', revokedAt: event.data.at };
      default:
        return state;
    }
  },
};
