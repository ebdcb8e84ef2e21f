import {
  AccountDeleted,
  AccountDeletionRequested,
  AccountRegistered,
  AccountSessionLinked,
  AccountSessionUnlinked,
  type AccountEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider, activeSessionsOf, type AccountState } from './account.decider';

const HOUR = 3_600_000;

const registered: AccountEvent = {
  type: AccountRegistered,
  data: { userId: 'u1', name: 'Ada', email: null, passwordHash: null, registeredAt: 0 },
};

function linked(sessionId: string, at: number, expiresAt?: number): AccountEvent {
  return {
    type: AccountSessionLinked,
    data: { userId: 'u1', sessionId, at, ...(expiresAt === undefined ? {} : { expiresAt }) },
  };
}

function unlinked(sessionId: string, at: number): AccountEvent {
  return {
    type: AccountSessionUnlinked,
    data: { userId: 'u1', sessionId, reason: 'revoked-by-user', at },
  };
}

function activeOf(state: AccountState) {
  return state.status === 'registered' ? Object.fromEntries(state.activeSessions.ends) : null;
}

describe('account decider: active sessions', () => {
  it('given an account, when a session is linked with its end, then the link records it', () => {
    const state = given(accountDecider, [registered])
      .when({
        kind: 'link-session',
        sessionId: 's1',
        verifiedPasswordHash: null,
        secondFactor: null,
        expiresAt: 5 + HOUR,
        at: 5,
      })
      .then([linked('s1', 5, 5 + HOUR)]);
    expect(activeOf(state)).toEqual({ s1: 5 + HOUR });
  });

  it('given an active session, when it is unlinked, then account.session-unlinked and it is gone', () => {
    const state = given(accountDecider, [registered, linked('s1', 5, 5 + HOUR)])
      .when({ kind: 'unlink-session', sessionId: 's1', reason: 'revoked-by-user', at: 10 })
      .then([unlinked('s1', 10)]);
    expect(activeOf(state)).toEqual({});
    expect(activeSessionsOf(state, 10)).toEqual([]);
  });

  it('given a session unlinked already, when it is unlinked again, then nothing', () => {
    given(accountDecider, [registered, linked('s1', 5, 5 + HOUR), unlinked('s1', 10)])
      .when({ kind: 'unlink-session', sessionId: 's1', reason: 'password-reset', at: 20 })
      .then([]);
  });

  it('given an unknown session, when it is unlinked, then nothing', () => {
    given(accountDecider, [registered, linked('s1', 5, 5 + HOUR)])
      .when({ kind: 'unlink-session', sessionId: 'other', reason: 'revoked-by-user', at: 10 })
      .then([]);
  });

  it('given a session past its end, when it is unlinked, then nothing: it has left already', () => {
    given(accountDecider, [registered, linked('s1', 5, 5 + HOUR)])
      .when({ kind: 'unlink-session', sessionId: 's1', reason: 'password-reset', at: 5 + HOUR })
      .then([]);
  });

  it('given a link from before links had ends, when it is unlinked, then account.session-unlinked', () => {
    const state = given(accountDecider, [registered, linked('old', 5)])
      .when({ kind: 'unlink-session', sessionId: 'old', reason: 'password-reset', at: 100 * HOUR })
      .then([
        {
          type: AccountSessionUnlinked,
          data: { userId: 'u1', sessionId: 'old', reason: 'password-reset', at: 100 * HOUR },
        },
      ]);
    expect(activeOf(state)).toEqual({});
  });

  it('given no account, when a session is unlinked, then nothing', () => {
    given(accountDecider)
      .when({ kind: 'unlink-session', sessionId: 's1', reason: 'revoked-by-user', at: 1 })
      .then([]);
  });

  it('given a deleted account, when a session is unlinked, then nothing: the deletion ended them', () => {
    given(accountDecider, [
      registered,
      linked('s1', 5, 5 + HOUR),
      { type: AccountDeletionRequested, data: { userId: 'u1', requestedAt: 6, dueAt: 7 } },
      { type: AccountDeleted, data: { userId: 'u1', at: 7 } },
    ])
      .when({ kind: 'unlink-session', sessionId: 's1', reason: 'account-deleted', at: 8 })
      .then([]);
  });

  it('given sessions that have ended, when another is linked, then they drop out of the state', () => {
    const state = given(accountDecider, [
      registered,
      linked('s1', 0, HOUR),
      linked('s2', 10, 10 + 2 * HOUR),
      linked('legacy', 20),
    ])
      .when({
        kind: 'link-session',
        sessionId: 's3',
        verifiedPasswordHash: null,
        secondFactor: null,
        expiresAt: 2 * HOUR,
        at: HOUR,
      })
      .then([linked('s3', HOUR, 2 * HOUR)]);
    expect(activeOf(state)).toEqual({ s2: 10 + 2 * HOUR, legacy: null, s3: 2 * HOUR });
  });

  it('given sessions, then the active ones at a time are those not unlinked nor past their end', () => {
    const { state } = given(accountDecider, [
      registered,
      linked('s1', 0, HOUR),
      linked('s2', 10, 3 * HOUR),
      linked('s3', 20, 3 * HOUR),
      unlinked('s3', 30),
    ]);
    expect(activeSessionsOf(state, 40)).toEqual(['s1', 's2']);
    expect(activeSessionsOf(state, HOUR)).toEqual(['s2']);
    expect(activeSessionsOf(state, 3 * HOUR)).toEqual([]);
  });

  it('given an account deleted with ended and active sessions, then it keeps the active ones to revoke', () => {
    const { state } = given(accountDecider, [
      registered,
      linked('gone', 0, HOUR),
      linked('revoked', 1, 10 * HOUR),
      unlinked('revoked', 2),
      linked('live', 3, 10 * HOUR),
      { type: AccountDeletionRequested, data: { userId: 'u1', requestedAt: 4, dueAt: 2 * HOUR } },
      { type: AccountDeleted, data: { userId: 'u1', at: 2 * HOUR } },
    ]);
    expect(state).toMatchObject({ status: 'deleted', sessionIds: ['live'] });
  });

  it('given a thousand past sessions and two live ones, then the state holds only the live ones', () => {
    const history: AccountEvent[] = [registered];
    for (let i = 0; i < 1000; i++) {
      // Half revoked by the user, half ended by their lifetime.
      history.push(linked(`past${i}`, i * HOUR, i * HOUR + HOUR));
      if (i % 2 === 0) history.push(unlinked(`past${i}`, i * HOUR + 1));
    }
    history.push(linked('live1', 1000 * HOUR, 1030 * HOUR));
    history.push(linked('live2', 1000 * HOUR + 1, 1030 * HOUR));
    const { state } = given(accountDecider, history);
    expect(Object.keys(activeOf(state) ?? {})).toEqual(['live1', 'live2']);
    expect(activeSessionsOf(state, 1001 * HOUR)).toEqual(['live1', 'live2']);
  });
});
