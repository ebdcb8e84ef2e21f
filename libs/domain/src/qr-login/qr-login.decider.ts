import {
  AuthError,
  QrLoginApproved,
  QrLoginCheckFailed,
  QrLoginCompleted,
  QrLoginDenied,
  QrLoginRequested,
  type DeviceInfo,
  type LoginRequester,
  type QrLoginEvent,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';

/** How long a QR login ticket can be approved by default; the new device asks again for a new one. */
export const QR_LOGIN_TTL_MS = 60_000;
/** Wrong check codes a ticket takes; the last one kills it. */
export const QR_CHECK_CODE_TRIES = 3;

/** Who approves or denies: a signed-in session, resolved from its bearer token by the caller. */
export interface QrApprover {
  userId: string;
  sessionId: string;
}

interface TicketFacts {
  ticketId: string;
  secretHash: string;
  checkCodeHash: string;
  device: DeviceInfo;
  requester: LoginRequester;
  requestedAt: number;
  expiresAt: number;
  /** Wrong check codes typed so far. */
  failures: number;
}

export type QrLoginState =
  | { status: 'none' }
  | ({ status: 'pending' | 'denied' | 'exhausted' } & TicketFacts)
  | ({
      status: 'approved' | 'completed';
      userId: string;
      approvedBySession: string;
      collectBy: number;
    } & TicketFacts);

export type QrLoginCommand =
  | {
      kind: 'request';
      ticketId: string;
      secretHash: string;
      checkCodeHash: string;
      device: DeviceInfo;
      requester: LoginRequester;
      ttlMs: number;
      at: number;
    }
  | ({
      kind: 'approve';
      checkCodeHash: string;
      /**
       * Whether the approving session satisfies its account's second-factor policy (the
       * application's `approverSatisfiesSecondFactor`): an approval stands for a second
       * factor, so it must not come from a session that did not pass one the account requires.
       */
      approverSatisfiesSecondFactor: boolean;
    } & TicketAnswer)
  | ({ kind: 'deny' } & TicketAnswer)
  /**
   * The new device collects its session, once, while the approving session is still live (one
   * revoked since, as after a password reset, hands out nothing).
   */
  | { kind: 'complete'; sessionId: string; approverSessionLive: boolean; at: number };

interface TicketAnswer {
  /** Keyed hash of the secret from the scanned QR code. */
  secretHash: string;
  approver: QrApprover;
  at: number;
}

const NOT_VALID = 'the QR code is not valid';
const USED = 'the QR code has expired or was already used';
export const QR_NOT_YET_APPROVED = 'the auth id is invalid, expired, or not yet authorized';

/**
 * QR login: a new device asks for a ticket (its QR code holds the ticket's one-time secret,
 * its screen shows a check code); a signed-in session that scanned the code approves it by
 * typing the check code, or denies it; the new device then collects one session for the
 * approver's account. A ticket is answered once, before it expires; three wrong check codes
 * end it.
 */
export const qrLoginDecider: Decider<QrLoginCommand, QrLoginState, QrLoginEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    if (command.kind === 'request') {
      if (state.status !== 'none')
        throw new AuthError('CONFLICT', 'QR login ticket already exists');
      const { kind: _kind, at, ttlMs, ...facts } = command;
      return [
        { type: QrLoginRequested, data: { ...facts, requestedAt: at, expiresAt: at + ttlMs } },
      ];
    }
    if (state.status === 'none') throw new AuthError('INVALID_TOKEN', NOT_VALID);
    const { ticketId } = state;

    if (command.kind === 'complete') {
      if (state.status !== 'approved' || command.at >= state.collectBy) {
        throw new AuthError('INVALID_TOKEN', QR_NOT_YET_APPROVED);
      }
      if (!command.approverSessionLive) {
        throw new AuthError('INVALID_TOKEN', 'the approving session has ended');
      }
      return [
        {
          type: QrLoginCompleted,
          data: {
            ticketId,
            userId: state.userId,
            sessionId: command.sessionId,
            approvedBySession: state.approvedBySession,
            at: command.at,
          },
        },
      ];
    }

    if (state.secretHash !== command.secretHash) throw new AuthError('INVALID_TOKEN', NOT_VALID);
    if (state.status !== 'pending' || command.at >= state.expiresAt) {
      throw new AuthError('INVALID_TOKEN', USED);
    }
    const { userId, sessionId } = command.approver;
    if (command.kind === 'deny') {
      return [
        {
          type: QrLoginDenied,
          data: { ticketId, userId, deniedBySession: sessionId, at: command.at },
        },
      ];
    }
    if (!command.approverSatisfiesSecondFactor) {
      throw new AuthError(
        'MFA_REQUIRED',
        "this session has not passed the account's second factor: it cannot approve a sign-in",
      );
    }
    if (state.checkCodeHash !== command.checkCodeHash) {
      return [{ type: QrLoginCheckFailed, data: { ticketId, userId, sessionId, at: command.at } }];
    }
    const ttlMs = state.expiresAt - state.requestedAt;
    return [
      {
        type: QrLoginApproved,
        data: {
          ticketId,
          userId,
          approvedBySession: sessionId,
          factor: 'approved-by-session',
          collectBy: command.at + ttlMs,
          at: command.at,
        },
      },
    ];
  },

  evolve(state, event) {
    switch (event.type) {
      case QrLoginRequested:
        return { status: 'pending', ...event.data, failures: 0 };
      case QrLoginCheckFailed: {
        if (state.status === 'none') return state;
        const failures = state.failures + 1;
        return {
          ...state,
          failures,
          status: failures >= QR_CHECK_CODE_TRIES ? 'exhausted' : state.status,
        } as QrLoginState;
      }
      case QrLoginApproved:
        if (state.status === 'none') return state;
        return {
          ...state,
          status: 'approved',
          userId: event.data.userId,
          approvedBySession: event.data.approvedBySession,
          collectBy: event.data.collectBy,
        };
      case QrLoginDenied:
        return state.status === 'none' ? state : { ...state, status: 'denied' };
      case QrLoginCompleted:
        return state.status === 'approved' ? { ...state, status: 'completed' } : state;
      default:
        return state;
    }
  },
};

/** Whether a ticket could still be answered at `at` (what a scan shows before the answer). */
export function qrTicketAnswerable(state: QrLoginState, at: number): boolean {
  return state.status === 'pending' && at < state.expiresAt;
}
