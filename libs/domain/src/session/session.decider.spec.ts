import { SessionRevoked, SessionSeen, SessionStarted, type SessionEvent } from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { sessionDecider } from './session.decider';

const device = {
  clientId: 7,
  deviceType: 'desktop',
  deviceVersion: 'Linux 6.1',
  appName: 'Tangle',
  appVersion: '1.2.3',
  country: 'FR',
  region: 'IDF',
};

const started: SessionEvent = {
  type: SessionStarted,
  data: {
    sessionId: 's1',
    userId: 'u1',
    tokenHash: 'h',
    method: 'password',
    startedAt: 1_000,
    ...device,
  },
};

describe('session decider', () => {
  describe('start', () => {
    it('given no session, when started, then session.started carries device, geo and token hash', () => {
      const state = given(sessionDecider)
        .when({
          kind: 'start',
          sessionId: 's1',
          userId: 'u1',
          tokenHash: 'h',
          method: 'password',
          at: 1_000,
          ...device,
        })
        .then([started]);
      expect(state).toMatchObject({ status: 'active', lastSeenAt: 1_000, country: 'FR' });
    });

    it('given a started session, when started again, then CONFLICT', () => {
      given(sessionDecider, [started])
        .when({
          kind: 'start',
          sessionId: 's1',
          userId: 'u1',
          tokenHash: 'h',
          method: 'password',
          at: 2_000,
          ...device,
        })
        .thenFails('CONFLICT');
    });
  });

  describe('record activity', () => {
    it('given activity within the interval, when recorded, then nothing is appended', () => {
      given(sessionDecider, [started])
        .when({ kind: 'record-activity', at: 1_000 + 59_999, minIntervalMs: 60_000 })
        .then([]);
    });

    it('given the interval has passed, when recorded, then session.seen', () => {
      const state = given(sessionDecider, [started])
        .when({ kind: 'record-activity', at: 61_000, minIntervalMs: 60_000 })
        .then([{ type: SessionSeen, data: { sessionId: 's1', userId: 'u1', at: 61_000 } }]);
      expect(state).toMatchObject({ lastSeenAt: 61_000 });
    });

    it('given a session seen recently, when recorded again before the next interval, then nothing', () => {
      given(sessionDecider, [
        started,
        { type: SessionSeen, data: { sessionId: 's1', userId: 'u1', at: 61_000 } },
      ])
        .when({ kind: 'record-activity', at: 100_000, minIntervalMs: 60_000 })
        .then([]);
    });

    it('given a revoked session, when activity is recorded, then nothing', () => {
      const revoked: SessionEvent = {
        type: SessionRevoked,
        data: {
          sessionId: 's1',
          userId: 'u1',
          revokedBy: 'u1',
          revokedBySession: 's1',
          reason: 'revoked-by-user',
          at: 5_000,
        },
      };
      given(sessionDecider, [started, revoked])
        .when({ kind: 'record-activity', at: 500_000, minIntervalMs: 60_000 })
        .then([]);
    });
  });

  describe('revoke', () => {
    it('given an active session, when its owner revokes it, then session.revoked names who and why', () => {
      const state = given(sessionDecider, [started])
        .when({
          kind: 'revoke',
          byUserId: 'u1',
          bySessionId: 's2',
          reason: 'revoked-by-user',
          at: 9_000,
        })
        .then([
          {
            type: SessionRevoked,
            data: {
              sessionId: 's1',
              userId: 'u1',
              revokedBy: 'u1',
              revokedBySession: 's2',
              reason: 'revoked-by-user',
              at: 9_000,
            },
          },
        ]);
      expect(state.status).toBe('revoked');
    });

    it("given another user's session, when revoked, then NOT_FOUND as for a missing one", () => {
      given(sessionDecider, [started])
        .when({
          kind: 'revoke',
          byUserId: 'u2',
          bySessionId: 's9',
          reason: 'revoked-by-user',
          at: 9_000,
        })
        .thenFails('NOT_FOUND', /^no such session$/);
    });

    it('given no session, when revoked, then NOT_FOUND', () => {
      given(sessionDecider)
        .when({
          kind: 'revoke',
          byUserId: 'u1',
          bySessionId: null,
          reason: 'revoked-by-user',
          at: 9_000,
        })
        .thenFails('NOT_FOUND');
    });

    it('given a revoked session, when revoked again, then nothing (idempotent)', () => {
      const revoked: SessionEvent = {
        type: SessionRevoked,
        data: {
          sessionId: 's1',
          userId: 'u1',
          revokedBy: 'u1',
          revokedBySession: null,
          reason: 'revoked-by-user',
          at: 5_000,
        },
      };
      given(sessionDecider, [started, revoked])
        .when({
          kind: 'revoke',
          byUserId: 'u1',
          bySessionId: null,
          reason: 'revoked-by-user',
          at: 9_000,
        })
        .then([]);
    });
  });
});
