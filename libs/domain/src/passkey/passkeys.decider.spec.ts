import {
  PasskeyRegistered,
  PasskeyRemoved,
  PasskeyRenamed,
  PasskeyUsed,
  type PasskeyEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { MAX_PASSKEYS_PER_ACCOUNT, passkeysDecider, type NewCredential } from './passkeys.decider';

const credential = (id = 'cred-1', signCount = 0): NewCredential => ({
  credentialId: id,
  publicKey: 'pk',
  signCount,
  deviceType: 'multiDevice',
  backedUp: false,
  transports: ['internal'],
  aaguid: '00000000-0000-0000-0000-000000000000',
});

const registered = (id = 'cred-1', challengeId = 'ch-r', signCount = 0): PasskeyEvent => ({
  type: PasskeyRegistered,
  data: {
    userId: 'u1',
    ...credential(id, signCount),
    name: 'Laptop',
    challengeId,
    challengeExpiresAt: 2_000,
    registeredAt: 1_000,
  },
});

const use = (signCount: number, challengeId = 'ch-a', at = 1_500, credentialId = 'cred-1') =>
  ({
    kind: 'use',
    userId: 'u1',
    credentialId,
    signCount,
    backedUp: true,
    challenge: { id: challengeId, expiresAt: 2_000 },
    at,
  }) as const;

describe('passkeys decider', () => {
  describe('register', () => {
    const register = (id = 'cred-1', challengeId = 'ch-r', at = 1_000, name = ' Laptop ') =>
      ({
        kind: 'register',
        userId: 'u1',
        credential: credential(id),
        name,
        challenge: { id: challengeId, expiresAt: 2_000 },
        at,
      }) as const;

    it('given no passkeys, when registered, then passkey.registered with the trimmed name and the spent challenge', () => {
      const state = given(passkeysDecider).when(register()).then([registered()]);
      expect(state.passkeys).toHaveLength(1);
      expect(state.usedChallenges).toEqual([{ challengeId: 'ch-r', challengeExpiresAt: 2_000 }]);
    });

    it('given a challenge already answered, when it registers another passkey, then INVALID_CODE', () => {
      given(passkeysDecider, [registered()])
        .when(register('cred-2', 'ch-r', 1_100))
        .thenFails('INVALID_CODE', /already answered/);
    });

    it('given an expired challenge, when registering, then INVALID_CODE', () => {
      given(passkeysDecider)
        .when(register('cred-1', 'ch-r', 2_000))
        .thenFails('INVALID_CODE', /expired/);
    });

    it('given the same credential, when registered again, then INVALID_ARGUMENT', () => {
      given(passkeysDecider, [registered()])
        .when(register('cred-1', 'ch-2', 1_100))
        .thenFails('INVALID_ARGUMENT', /already registered/);
    });

    it('given the most passkeys an account holds, when one more is registered, then INVALID_ARGUMENT', () => {
      const full = Array.from({ length: MAX_PASSKEYS_PER_ACCOUNT }, (_, i) =>
        registered(`c${i}`, `ch${i}`),
      );
      given(passkeysDecider, full)
        .when(register('cred-x', 'ch-x', 1_100))
        .thenFails('INVALID_ARGUMENT', /at most/);
    });

    it('when the name is empty or holds a control character, then INVALID_ARGUMENT', () => {
      given(passkeysDecider)
        .when(register('c', 'ch', 1_000, '  '))
        .thenFails('INVALID_ARGUMENT');
      given(passkeysDecider)
        .when(register('c', 'ch', 1_000, 'a\u202eb'))
        .thenFails('INVALID_ARGUMENT', /U\+202E/);
    });
  });

  describe('rename and remove', () => {
    it('given a passkey, when renamed, then passkey.renamed; the same name again changes nothing', () => {
      const state = given(passkeysDecider, [registered()])
        .when({ kind: 'rename', userId: 'u1', credentialId: 'cred-1', name: 'Phone', at: 1_200 })
        .then([
          {
            type: PasskeyRenamed,
            data: { userId: 'u1', credentialId: 'cred-1', name: 'Phone', at: 1_200 },
          },
        ]);
      expect(state.passkeys[0].name).toBe('Phone');
      given(passkeysDecider, [registered()])
        .when({ kind: 'rename', userId: 'u1', credentialId: 'cred-1', name: 'Laptop', at: 1 })
        .then([]);
    });

    it('given no such passkey, when renamed or removed, then NOT_FOUND', () => {
      given(passkeysDecider, [registered()])
        .when({ kind: 'rename', userId: 'u1', credentialId: 'other', name: 'x', at: 1 })
        .thenFails('NOT_FOUND');
      given(passkeysDecider, [registered()])
        .when({ kind: 'remove', userId: 'u1', credentialId: 'other', at: 1 })
        .thenFails('NOT_FOUND');
    });

    it('given a passkey, when removed, then passkey.removed and it can no longer sign in', () => {
      const removed: PasskeyEvent = {
        type: PasskeyRemoved,
        data: { userId: 'u1', credentialId: 'cred-1', at: 1_200 },
      };
      const state = given(passkeysDecider, [registered()])
        .when({ kind: 'remove', userId: 'u1', credentialId: 'cred-1', at: 1_200 })
        .then([removed]);
      expect(state.passkeys).toEqual([]);
      given(passkeysDecider, [registered(), removed])
        .when(use(1))
        .thenFails('INVALID_CREDENTIALS', /not recognised/);
    });
  });

  describe('use', () => {
    it('given a passkey, when an assertion is verified, then passkey.used with counter and backup state', () => {
      const state = given(passkeysDecider, [registered()])
        .when(use(0))
        .then([
          {
            type: PasskeyUsed,
            data: {
              userId: 'u1',
              credentialId: 'cred-1',
              signCount: 0,
              backedUp: true,
              challengeId: 'ch-a',
              challengeExpiresAt: 2_000,
              at: 1_500,
            },
          },
        ]);
      expect(state.passkeys[0]).toMatchObject({ backedUp: true, lastUsedAt: 1_500 });
    });

    it('given a challenge answered once, when answered again, then INVALID_CODE', () => {
      const first = given(passkeysDecider, [registered()]).when(use(0)).then([expect.anything()]);
      expect(() => passkeysDecider.decide(use(0), first)).toThrow(/already answered/);
    });

    it('given an expired challenge, when answered, then INVALID_CODE', () => {
      given(passkeysDecider, [registered()])
        .when(use(0, 'ch-a', 2_000))
        .thenFails('INVALID_CODE', /expired/);
    });

    it('given a counting authenticator, when the counter does not grow, then INVALID_CREDENTIALS', () => {
      given(passkeysDecider, [registered('cred-1', 'ch-r', 5)])
        .when(use(5))
        .thenFails('INVALID_CREDENTIALS', /counter/);
      given(passkeysDecider, [registered('cred-1', 'ch-r', 5)])
        .when(use(6))
        .then([expect.objectContaining({ type: PasskeyUsed })]);
      given(passkeysDecider, [registered('cred-1', 'ch-r', 5)])
        .when(use(0))
        .thenFails('INVALID_CREDENTIALS', /counter/);
    });

    it('forgets spent challenges once they have expired', () => {
      const later = given(passkeysDecider, [registered()])
        .when({ ...use(0, 'ch-b', 2_500), challenge: { id: 'ch-b', expiresAt: 3_000 } })
        .then([expect.anything()]);
      expect(later.usedChallenges).toEqual([{ challengeId: 'ch-b', challengeExpiresAt: 3_000 }]);
    });
  });
});
