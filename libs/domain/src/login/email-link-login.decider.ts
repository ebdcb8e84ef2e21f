import {
  AuthError,
  LoginCompleted,
  LoginLinkConfirmed,
  LoginLinkDenied,
  LoginLinkRequested,
  type DeviceInfo,
  type LoginEvent,
  type LoginRequester,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';

/** How long a login link and its polling stay valid. */
export const LOGIN_LINK_TTL_MS = 15 * 60_000;

interface LoginFacts {
  authId: string;
  userId: string;
  linkTokenHash: string;
  device: DeviceInfo;
  expiresAt: number;
  requestedAt: number;
  /** Absent on logins requested before match codes. */
  matchCode: string | null;
  requester: LoginRequester | null;
}

export type EmailLinkLoginState =
  | { status: 'none' }
  | ({ status: 'requested' | 'confirmed' | 'denied' | 'completed' } & LoginFacts);

export type EmailLinkLoginCommand =
  | {
      kind: 'request';
      authId: string;
      userId: string;
      email: string;
      linkTokenHash: string;
      sealedLinkToken: string;
      device: DeviceInfo;
      matchCode: string;
      requester: LoginRequester;
      locale: string;
      at: number;
    }
  | ({ kind: 'confirm' } & LinkAnswer)
  | ({ kind: 'deny' } & LinkAnswer)
  /** The polling device collects its session, once. */
  | { kind: 'complete'; sessionId: string; at: number };

interface LinkAnswer {
  linkTokenHash: string;
  /**
   * The account's newest login (its auth id), as its stream says now; null when the account
   * records none (a login requested before the account kept them).
   */
  accountCurrentLink: string | null;
  at: number;
}

/**
 * Email-link login: a device asks, the mail's link confirms or denies on another
 * device, and the asking device's poll collects the session once. Only the
 * account's newest link can be answered: a newer request supersedes older links.
 */
export const emailLinkLoginDecider: Decider<
  EmailLinkLoginCommand,
  EmailLinkLoginState,
  LoginEvent
> = {
  initialState: { status: 'none' },

  decide(command, state) {
    if (command.kind === 'request') {
      if (state.status !== 'none') throw new AuthError('CONFLICT', 'login attempt already exists');
      const { kind: _kind, at, ...facts } = command;
      return [
        {
          type: LoginLinkRequested,
          data: { ...facts, expiresAt: at + LOGIN_LINK_TTL_MS, requestedAt: at },
        },
      ];
    }
    if (state.status === 'none') throw new AuthError('INVALID_TOKEN', 'the link is not valid');
    const { authId, userId } = state;
    const expired = command.at >= state.expiresAt;

    switch (command.kind) {
      case 'confirm':
      case 'deny':
        if (state.linkTokenHash !== command.linkTokenHash)
          throw new AuthError('INVALID_TOKEN', 'the link is not valid');
        if (command.accountCurrentLink !== null && command.accountCurrentLink !== authId)
          throw new AuthError('INVALID_TOKEN', 'a newer link replaced this one');
        if (state.status !== 'requested' || expired) {
          throw new AuthError('INVALID_TOKEN', 'the link has expired or was already used');
        }
        return [
          command.kind === 'confirm'
            ? { type: LoginLinkConfirmed, data: { authId, userId, at: command.at } }
            : { type: LoginLinkDenied, data: { authId, userId, at: command.at } },
        ];
      case 'complete':
        if (state.status !== 'confirmed' || expired) {
          throw new AuthError(
            'INVALID_TOKEN',
            'the auth id is invalid, expired, or not yet authorized',
          );
        }
        return [
          {
            type: LoginCompleted,
            data: { authId, userId, sessionId: command.sessionId, at: command.at },
          },
        ];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case LoginLinkRequested:
        return {
          status: 'requested',
          authId: event.data.authId,
          userId: event.data.userId,
          linkTokenHash: event.data.linkTokenHash,
          device: event.data.device,
          expiresAt: event.data.expiresAt,
          requestedAt: event.data.requestedAt,
          matchCode: event.data.matchCode ?? null,
          requester: event.data.requester ?? null,
        };
      case LoginLinkConfirmed:
        return state.status === 'none' ? state : { ...state, status: 'confirmed' };
      case LoginLinkDenied:
        return state.status === 'none' ? state : { ...state, status: 'denied' };
      case LoginCompleted:
        return state.status === 'none' ? state : { ...state, status: 'completed' };
      default:
        return state;
    }
  },
};
