import { AccountRegistered, PasswordChanged, type AccountEvent } from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider } from './account.decider';

const registered: AccountEvent = {
  type: AccountRegistered,
  data: {
    userId: 'u1',
    name: 'Ada',
    email: 'Ada@example.com',
    passwordHash: '$argon2id$old',
    registeredAt: 1,
  },
};

describe('account decider', () => {
  it('given nothing, when registered, then account.registered', () => {
    const state = given(accountDecider)
      .when({
        kind: 'register',
        userId: 'u1',
        name: 'Ada',
        email: 'Ada@example.com',
        passwordHash: '$argon2id$old',
        at: 1,
      })
      .then([registered]);
    expect(state).toMatchObject({ status: 'registered', name: 'Ada' });
  });

  it('given nothing, when registered without email or password, then a passwordless account', () => {
    const state = given(accountDecider)
      .when({ kind: 'register', userId: 'u2', name: 'Bob', email: null, passwordHash: null, at: 5 })
      .then([
        {
          type: AccountRegistered,
          data: { userId: 'u2', name: 'Bob', email: null, passwordHash: null, registeredAt: 5 },
        },
      ]);
    expect(state).toMatchObject({ passwordHash: null, email: null });
  });

  it('given a registered account, when the same registration is retried, then nothing', () => {
    given(accountDecider, [registered])
      .when({ kind: 'register', userId: 'u1', name: 'Ada', email: null, passwordHash: null, at: 2 })
      .then([]);
  });

  it('given a registered account, when a new hash is set, then account.password-changed', () => {
    const state = given(accountDecider, [registered])
      .when({
        kind: 'change-password-hash',
        passwordHash: '$argon2id$new',
        reason: 'rehash',
        at: 3,
      })
      .then([
        {
          type: PasswordChanged,
          data: { userId: 'u1', passwordHash: '$argon2id$new', reason: 'rehash', changedAt: 3 },
        },
      ]);
    expect(state).toMatchObject({ passwordHash: '$argon2id$new' });
  });

  it('given no account, when a hash is set, then NOT_FOUND', () => {
    given(accountDecider)
      .when({ kind: 'change-password-hash', passwordHash: 'x', reason: 'rehash', at: 3 })
      .thenFails('NOT_FOUND');
  });
});
