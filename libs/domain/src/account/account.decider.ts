import {
  AccountRegistered,
  AuthError,
  PasswordChanged,
  type AccountEvent,
  type PasswordChangedData,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';

export type AccountState =
  | { status: 'none' }
  | {
      status: 'registered';
      userId: string;
      name: string;
      email: string | null;
      passwordHash: string | null;
      registeredAt: number;
    };

export type AccountCommand =
  | {
      kind: 'register';
      userId: string;
      name: string;
      email: string | null;
      passwordHash: string | null;
      at: number;
    }
  | {
      kind: 'change-password-hash';
      passwordHash: string;
      reason: PasswordChangedData['reason'];
      at: number;
    };

export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.kind) {
      case 'register':
        if (state.status !== 'none') {
          if (state.userId === command.userId) return [];
          throw new AuthError('CONFLICT', 'account already registered');
        }
        return [
          {
            type: AccountRegistered,
            data: {
              userId: command.userId,
              name: command.name,
              email: command.email,
              passwordHash: command.passwordHash,
              registeredAt: command.at,
            },
          },
        ];
      case 'change-password-hash':
        if (state.status !== 'registered') throw new AuthError('NOT_FOUND', 'no such account');
        if (state.passwordHash === command.passwordHash) return [];
        return [
          {
            type: PasswordChanged,
            data: {
              userId: state.userId,
              passwordHash: command.passwordHash,
              reason: command.reason,
              changedAt: command.at,
            },
          },
        ];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case AccountRegistered:
        return {
          status: 'registered',
          userId: event.data.userId,
          name: event.data.name,
          email: event.data.email,
          passwordHash: event.data.passwordHash,
          registeredAt: event.data.registeredAt,
        };
      case PasswordChanged:
        return state.status === 'registered'
          ? { ...state, passwordHash: event.data.passwordHash }
          : state;
      default:
        return state;
    }
  },
};
