import {
  AuthError,
  PasskeyRegistered,
  PasskeyRemoved,
  PasskeyRenamed,
  PasskeyUsed,
  type PasskeyChallengeUse,
  type PasskeyDeviceType,
  type PasskeyEvent,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';
import { assertNoUnsafeCharacters, codePointLength } from '../shared/text';

/** Passkeys one account may hold. */
export const MAX_PASSKEYS_PER_ACCOUNT = 20;
export const PASSKEY_NAME_MAX_LENGTH = 64;

export interface Passkey {
  credentialId: string;
  publicKey: string;
  name: string;
  signCount: number;
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  transports: string[];
  aaguid: string;
  registeredAt: number;
  lastUsedAt: number | null;
}

export interface PasskeysState {
  passkeys: Passkey[];
  /** Challenges answered and not yet expired: a second answer to one of them is refused. */
  usedChallenges: PasskeyChallengeUse[];
}

/** A challenge a ceremony answers, as the caller read it from the signed challenge itself. */
export interface AnsweredChallenge {
  id: string;
  expiresAt: number;
}

/** What the authenticator proved at registration, as the verifier read it. */
export interface NewCredential {
  credentialId: string;
  publicKey: string;
  signCount: number;
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  transports: string[];
  aaguid: string;
}

export type PasskeysCommand =
  | {
      kind: 'register';
      userId: string;
      credential: NewCredential;
      name: string;
      challenge: AnsweredChallenge;
      at: number;
    }
  | { kind: 'rename'; userId: string; credentialId: string; name: string; at: number }
  | { kind: 'remove'; userId: string; credentialId: string; at: number }
  /** A verified assertion: the challenge is spent, the counter and backup state recorded. */
  | {
      kind: 'use';
      userId: string;
      credentialId: string;
      signCount: number;
      backedUp: boolean;
      challenge: AnsweredChallenge;
      at: number;
    };

/** A passkey's name: trimmed, 1 to 64 characters, no control or bidirectional characters. */
export function parsePasskeyName(raw: string): string {
  const name = raw.trim();
  assertNoUnsafeCharacters('name', name);
  const length = codePointLength(name);
  if (length < 1 || length > PASSKEY_NAME_MAX_LENGTH) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `name must be 1 to ${PASSKEY_NAME_MAX_LENGTH} characters`,
    );
  }
  return name;
}

/**
 * The passkeys of one account (`passkeys-<userId>`). Every ceremony spends its challenge here,
 * under the stream's expected revision: of any number of answers to one challenge, one counts.
 */
export const passkeysDecider: Decider<PasskeysCommand, PasskeysState, PasskeyEvent> = {
  initialState: { passkeys: [], usedChallenges: [] },

  decide(command, state) {
    const { userId, at } = command;
    switch (command.kind) {
      case 'register': {
        spendable(state, command.challenge, at);
        const { credential } = command;
        if (find(state, credential.credentialId)) {
          throw new AuthError('INVALID_ARGUMENT', 'this passkey is already registered');
        }
        if (state.passkeys.length >= MAX_PASSKEYS_PER_ACCOUNT) {
          throw new AuthError(
            'INVALID_ARGUMENT',
            `an account holds at most ${MAX_PASSKEYS_PER_ACCOUNT} passkeys`,
          );
        }
        return [
          {
            type: PasskeyRegistered,
            data: {
              userId,
              ...credential,
              name: parsePasskeyName(command.name),
              challengeId: command.challenge.id,
              challengeExpiresAt: command.challenge.expiresAt,
              registeredAt: at,
            },
          },
        ];
      }
      case 'rename': {
        const passkey = owned(state, command.credentialId);
        const name = parsePasskeyName(command.name);
        if (passkey.name === name) return [];
        return [
          {
            type: PasskeyRenamed,
            data: { userId, credentialId: passkey.credentialId, name, at },
          },
        ];
      }
      case 'remove': {
        const passkey = owned(state, command.credentialId);
        return [{ type: PasskeyRemoved, data: { userId, credentialId: passkey.credentialId, at } }];
      }
      case 'use': {
        const passkey = find(state, command.credentialId);
        if (!passkey) throw new AuthError('INVALID_CREDENTIALS', 'passkey not recognised');
        spendable(state, command.challenge, at);
        // An authenticator that counts must count up: a counter that did not grow means the
        // assertion came from a copy of the key (or is an old one replayed).
        if (
          (command.signCount > 0 || passkey.signCount > 0) &&
          command.signCount <= passkey.signCount
        ) {
          throw new AuthError('INVALID_CREDENTIALS', 'passkey sign counter did not increase');
        }
        return [
          {
            type: PasskeyUsed,
            data: {
              userId,
              credentialId: passkey.credentialId,
              signCount: command.signCount,
              backedUp: command.backedUp,
              challengeId: command.challenge.id,
              challengeExpiresAt: command.challenge.expiresAt,
              at,
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case PasskeyRegistered: {
        const { userId: _user, challengeId: _id, challengeExpiresAt: _exp, ...rest } = event.data;
        const { registeredAt, ...credential } = rest;
        return {
          passkeys: [...state.passkeys, { ...credential, registeredAt, lastUsedAt: null }],
          usedChallenges: spent(state, event.data, registeredAt),
        };
      }
      case PasskeyRenamed:
        return {
          ...state,
          passkeys: state.passkeys.map((p) =>
            p.credentialId === event.data.credentialId ? { ...p, name: event.data.name } : p,
          ),
        };
      case PasskeyRemoved:
        return {
          ...state,
          passkeys: state.passkeys.filter((p) => p.credentialId !== event.data.credentialId),
        };
      case PasskeyUsed:
        return {
          passkeys: state.passkeys.map((p) =>
            p.credentialId === event.data.credentialId
              ? {
                  ...p,
                  signCount: event.data.signCount,
                  backedUp: event.data.backedUp,
                  lastUsedAt: event.data.at,
                }
              : p,
          ),
          usedChallenges: spent(state, event.data, event.data.at),
        };
      default:
        return state;
    }
  },
};

function find(state: PasskeysState, credentialId: string): Passkey | undefined {
  return state.passkeys.find((p) => p.credentialId === credentialId);
}

/** Another account's passkey and no passkey at all answer alike. */
function owned(state: PasskeysState, credentialId: string): Passkey {
  const passkey = find(state, credentialId);
  if (!passkey) throw new AuthError('NOT_FOUND', 'no such passkey');
  return passkey;
}

/** Throws INVALID_CODE when the challenge has expired or was answered already. */
function spendable(state: PasskeysState, challenge: AnsweredChallenge, at: number): void {
  if (at >= challenge.expiresAt) {
    throw new AuthError('INVALID_CODE', 'the passkey challenge has expired: ask for a new one');
  }
  if (state.usedChallenges.some((used) => used.challengeId === challenge.id)) {
    throw new AuthError('INVALID_CODE', 'the passkey challenge was already answered');
  }
}

/** The spent challenges after one more, without those expired by `at`. */
function spent(state: PasskeysState, use: PasskeyChallengeUse, at: number): PasskeyChallengeUse[] {
  return [
    ...state.usedChallenges.filter((used) => used.challengeExpiresAt > at),
    { challengeId: use.challengeId, challengeExpiresAt: use.challengeExpiresAt },
  ];
}
