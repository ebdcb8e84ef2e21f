import {
  AccountDeleted,
  AccountDeletionCancelled,
  AccountDeletionRequested,
  AccountRegistered,
  AccountSessionLinked,
  type AccountEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider } from './account.decider';

const DAY = 86_400_000;
const registered: AccountEvent = {
  type: AccountRegistered,
  data: {
    userId: 'u1',
    name: 'Ada',
    email: 'ada@example.com',
    passwordHash: '$argon2id$h',
    username: 'ada',
    registeredAt: 1,
  },
};
const linked: AccountEvent = {
  type: AccountSessionLinked,
  data: { userId: 'u1', sessionId: 's1', at: 2 },
};
const requested: AccountEvent = {
  type: AccountDeletionRequested,
  data: { userId: 'u1', requestedAt: 10, dueAt: 10 + 7 * DAY },
};
const deleted: AccountEvent = { type: AccountDeleted, data: { userId: 'u1', at: 10 + 7 * DAY } };

describe('account decider: deletion', () => {
  it('given an account, when its deletion is asked for, then it is pending until the grace ends', () => {
    const state = given(accountDecider, [registered, linked])
      .when({ kind: 'request-deletion', graceMs: 7 * DAY, at: 10 })
      .then([requested]);
    expect(state).toMatchObject({ pendingDeletion: { requestedAt: 10, dueAt: 10 + 7 * DAY } });
  });

  it('given a pending deletion, when asked again, then nothing (the grace is not moved)', () => {
    given(accountDecider, [registered, requested])
      .when({ kind: 'request-deletion', graceMs: DAY, at: 20 })
      .then([]);
  });

  it('given no account, when a deletion is asked for, then NOT_FOUND', () => {
    given(accountDecider)
      .when({ kind: 'request-deletion', graceMs: DAY, at: 1 })
      .thenFails('NOT_FOUND');
  });

  it('given a pending deletion, when cancelled, then account.deletion-cancelled', () => {
    const state = given(accountDecider, [registered, requested])
      .when({ kind: 'cancel-deletion', at: 30 })
      .then([
        { type: AccountDeletionCancelled, data: { userId: 'u1', reason: 'cancelled', at: 30 } },
      ]);
    expect(state).toMatchObject({ status: 'registered', pendingDeletion: null });
  });

  it('given no pending deletion, when cancelled, then nothing', () => {
    given(accountDecider, [registered]).when({ kind: 'cancel-deletion', at: 30 }).then([]);
  });

  it('given a pending deletion, when the owner signs in, then the session is linked and the deletion cancelled', () => {
    const state = given(accountDecider, [registered, requested])
      .when({
        kind: 'link-session',
        sessionId: 's2',
        verifiedPasswordHash: '$argon2id$h',
        secondFactor: null,
        at: 40,
      })
      .then([
        { type: AccountSessionLinked, data: { userId: 'u1', sessionId: 's2', at: 40 } },
        { type: AccountDeletionCancelled, data: { userId: 'u1', reason: 'signed-in', at: 40 } },
      ]);
    expect(state).toMatchObject({ pendingDeletion: null });
  });

  it('given a pending deletion, when the sweep comes before the grace ends, then nothing', () => {
    given(accountDecider, [registered, requested])
      .when({ kind: 'delete', at: 10 + 7 * DAY - 1 })
      .then([]);
  });

  it('given no pending deletion, when the sweep comes, then nothing', () => {
    given(accountDecider, [registered])
      .when({ kind: 'delete', at: 10 * DAY })
      .then([]);
  });

  it('given a pending deletion, when the grace has ended, then account.deleted and a deleted state', () => {
    const state = given(accountDecider, [registered, linked, requested])
      .when({ kind: 'delete', at: 10 + 7 * DAY })
      .then([deleted]);
    expect(state).toEqual({
      status: 'deleted',
      userId: 'u1',
      email: 'ada@example.com',
      username: 'ada',
      sessionIds: ['s1'],
      deletedAt: 10 + 7 * DAY,
    });
  });

  it('given a cancelled deletion, when the old due time passes, then nothing', () => {
    given(accountDecider, [
      registered,
      requested,
      { type: AccountDeletionCancelled, data: { userId: 'u1', reason: 'cancelled', at: 11 } },
    ])
      .when({ kind: 'delete', at: 10 + 8 * DAY })
      .then([]);
  });

  it('given a deleted account, when deleted again, then nothing', () => {
    given(accountDecider, [registered, requested, deleted])
      .when({ kind: 'delete', at: 10 + 9 * DAY })
      .then([]);
  });

  it.each([
    {
      kind: 'link-session',
      sessionId: 's9',
      verifiedPasswordHash: null,
      secondFactor: null,
      at: 1,
    },
    { kind: 'cancel-deletion', at: 1 },
    { kind: 'request-deletion', graceMs: DAY, at: 1 },
    { kind: 'change-password-hash', passwordHash: 'x', reason: 'change', at: 1 },
  ] as const)('given a deleted account, when $kind, then NOT_FOUND', (command) => {
    given(accountDecider, [registered, requested, deleted]).when(command).thenFails('NOT_FOUND');
  });

  it('given a deleted account, when the same id registers again, then nothing', () => {
    given(accountDecider, [registered, requested, deleted])
      .when({ kind: 'register', userId: 'u1', name: 'Ada', email: null, passwordHash: null, at: 1 })
      .then([]);
  });
});
