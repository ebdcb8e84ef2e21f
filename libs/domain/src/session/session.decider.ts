import {
  AuthError,
  SessionRefreshed,
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
import { sessionLapse } from './session-lifetime';

/** Spent refresh-token hashes kept to recognise a replay; older ones answer as unknown tokens. */
export const SPENT_REFRESH_TOKENS_KEPT = 32;

/** The refresh tokens of a gateway session: one family, rotated on every refresh. */
export interface RefreshFamily {
  /** Generation of the current token (0 for the one the session started with). */
  generation: number;
  tokenHash: string;
  /** The token spent last, its spending time and its sealed successor (for the grace). */
  previous: { tokenHash: string; spentAt: number; sealedSuccessor: string } | null;
  /** Hashes of spent tokens, newest last, at most SPENT_REFRESH_TOKENS_KEPT. */
  spent: string[];
}

interface SessionFacts extends DeviceInfo, GeoInfo {
  sessionId: string;
  userId: string;
  tokenHash: string;
  method: SessionMethod;
  startedAt: number;
  lastSeenAt: number;
  expiresAt: number | null;
  refresh: RefreshFamily | null;
  /** The session that approved this one's QR login. */
  approvedBySession?: string;
}

export type ActiveSession = { status: 'active' } & SessionFacts;

export type SessionState =
  { status: 'none' } | ActiveSession | ({ status: 'revoked'; revokedAt: number } & SessionFacts);

export type SessionCommand =
  | ({
      kind: 'start';
      sessionId: string;
      userId: string;
      /** '' for a session reached only by refresh tokens. */
      tokenHash: string;
      method: SessionMethod;
      at: number;
      expiresAt: number;
      refreshTokenHash: string | null;
      /** The session that approved a QR login (method `qr`). */
      approvedBySession?: string | null;
    } & DeviceInfo &
      GeoInfo)
  | {
      kind: 'record-activity';
      at: number;
      /** Activity is recorded at most once per interval, so use cannot flood the log. */
      minIntervalMs: number;
    }
  | {
      kind: 'refresh';
      /** Hash of the refresh token presented. */
      presentedHash: string;
      /** The successor minted for this attempt, used only if this attempt rotates. */
      successorHash: string;
      sealedSuccessor: string;
      at: number;
      /** How long the token spent last may be presented again for the same successor. */
      graceMs: number;
      idleTimeoutMs: number;
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
        const { kind: _kind, at, refreshTokenHash, approvedBySession, ...facts } = command;
        return [
          {
            type: SessionStarted,
            data: {
              ...facts,
              startedAt: at,
              ...(refreshTokenHash === null ? {} : { refreshTokenHash }),
              ...(approvedBySession ? { approvedBySession } : {}),
            },
          },
        ];
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
      case 'refresh':
        return refresh(command, state);
      case 'revoke':
        // Another user's session answers as a missing one: the refusal must not
        // confirm that a session id exists.
        if (state.status === 'none' || state.userId !== command.byUserId) {
          throw new AuthError('NOT_FOUND', 'no such session');
        }
        if (state.status === 'revoked') return [];
        return [revoked(state, command.byUserId, command.bySessionId, command.reason, command.at)];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case SessionStarted: {
        const { startedAt, expiresAt, refreshTokenHash, ...facts } = event.data;
        return {
          status: 'active',
          ...facts,
          startedAt,
          lastSeenAt: startedAt,
          expiresAt: expiresAt ?? null,
          refresh: refreshTokenHash
            ? { generation: 0, tokenHash: refreshTokenHash, previous: null, spent: [] }
            : null,
        };
      }
      case SessionSeen:
        if (state.status === 'none') return state;
        return { ...state, lastSeenAt: Math.max(state.lastSeenAt, event.data.at) };
      case SessionRefreshed: {
        if (state.status === 'none' || !state.refresh) return state;
        const spentHash = state.refresh.tokenHash;
        return {
          ...state,
          lastSeenAt: Math.max(state.lastSeenAt, event.data.at),
          refresh: {
            generation: event.data.generation,
            tokenHash: event.data.refreshTokenHash,
            previous: {
              tokenHash: spentHash,
              spentAt: event.data.at,
              sealedSuccessor: event.data.sealedSuccessor,
            },
            spent: [...state.refresh.spent, spentHash].slice(-SPENT_REFRESH_TOKENS_KEPT),
          },
        };
      }
      case SessionRevoked:
        if (state.status === 'none') return state;
        return { ...state, status: 'revoked', revokedAt: event.data.at };
      default:
        return state;
    }
  },
};

/**
 * Rotation with reuse detection. The current token rotates; the token spent last,
 * within the grace, rotates to nothing new (its holder gets the same successor:
 * two concurrent refreshes yield one family member); any other spent token
 * revokes the session, since two parties hold the family. A token never issued
 * answers INVALID_TOKEN and changes nothing, so forgeries cannot end sessions.
 */
function refresh(
  command: Extract<SessionCommand, { kind: 'refresh' }>,
  state: SessionState,
): SessionEvent[] {
  if (state.status !== 'active' || !state.refresh) throw new AuthError('INVALID_TOKEN');
  if (sessionLapse(state, command.at, command.idleTimeoutMs))
    throw new AuthError('INVALID_TOKEN', 'the session has ended: sign in again');
  const family = state.refresh;
  if (command.presentedHash === family.tokenHash) {
    return [
      {
        type: SessionRefreshed,
        data: {
          sessionId: state.sessionId,
          userId: state.userId,
          generation: family.generation + 1,
          refreshTokenHash: command.successorHash,
          sealedSuccessor: command.sealedSuccessor,
          at: command.at,
        },
      },
    ];
  }
  const previous = family.previous;
  if (
    previous &&
    command.presentedHash === previous.tokenHash &&
    command.at - previous.spentAt <= command.graceMs
  ) {
    return [];
  }
  if (family.spent.includes(command.presentedHash)) {
    return [revoked(state, state.userId, null, 'refresh-token-reused', command.at)];
  }
  throw new AuthError('INVALID_TOKEN');
}

function revoked(
  state: ActiveSession,
  byUserId: string,
  bySessionId: string | null,
  reason: SessionRevocationReason,
  at: number,
): SessionEvent {
  return {
    type: SessionRevoked,
    data: {
      sessionId: state.sessionId,
      userId: state.userId,
      revokedBy: byUserId,
      revokedBySession: bySessionId,
      reason,
      at,
    },
  };
}
