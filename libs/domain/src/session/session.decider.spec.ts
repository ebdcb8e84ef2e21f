import {
  SessionRefreshed,
  SessionRevoked,
  SessionSeen,
  SessionStarted,
  type SessionEvent,
  type SessionStartedData,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { sessionExpiresAt, sessionLapse } from './session-lifetime';
import { SPENT_REFRESH_TOKENS_KEPT, sessionDecider } from './session.decider';

const device = {
  clientId: 7,
  deviceType: 'desktop',
  deviceVersion: 'Linux 6.1',
  appName: 'Tangle',
  appVersion: '1.2.3',
  country: 'FR',
  region: 'IDF',
};

const DAY = 86_400_000;

const started: SessionEvent = {
  type: SessionStarted,
  data: {
    sessionId: 's1',
    userId: 'u1',
    tokenHash: 'h',
    method: 'password',
    startedAt: 1_000,
    expiresAt: 1_000 + DAY,
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
          refreshTokenHash: null,
          method: 'password',
          at: 1_000,
          expiresAt: 1_000 + DAY,
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
          refreshTokenHash: null,
          method: 'password',
          at: 2_000,
          expiresAt: 2_000 + DAY,
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

  describe('refresh', () => {
    const withRefresh: SessionEvent = {
      type: SessionStarted,
      data: { ...(started.data as SessionStartedData), tokenHash: '', refreshTokenHash: 'r0' },
    };
    const rotated = (generation: number, hash: string, at: number): SessionEvent => ({
      type: SessionRefreshed,
      data: {
        sessionId: 's1',
        userId: 'u1',
        generation,
        refreshTokenHash: hash,
        sealedSuccessor: `sealed(${hash})`,
        at,
      },
    });
    const refresh = (presentedHash: string, at: number) => ({
      kind: 'refresh' as const,
      presentedHash,
      successorHash: `next-of-${presentedHash}`,
      sealedSuccessor: `sealed(next-of-${presentedHash})`,
      at,
      graceMs: 10_000,
      idleTimeoutMs: 30 * DAY,
    });

    it('given a gateway session, when its refresh token is presented, then it rotates', () => {
      const state = given(sessionDecider, [withRefresh])
        .when(refresh('r0', 5_000))
        .then([rotated(1, 'next-of-r0', 5_000)]);
      expect(state).toMatchObject({
        lastSeenAt: 5_000,
        refresh: {
          generation: 1,
          tokenHash: 'next-of-r0',
          previous: { tokenHash: 'r0', spentAt: 5_000, sealedSuccessor: 'sealed(next-of-r0)' },
          spent: ['r0'],
        },
      });
    });

    it('given a token just spent, when presented again within the grace, then nothing new (the same successor)', () => {
      given(sessionDecider, [withRefresh, rotated(1, 'r1', 5_000)])
        .when(refresh('r0', 15_000))
        .then([]);
    });

    it('given a token spent past the grace, when presented, then the session is revoked for reuse', () => {
      const state = given(sessionDecider, [withRefresh, rotated(1, 'r1', 5_000)])
        .when(refresh('r0', 15_001))
        .then([
          {
            type: SessionRevoked,
            data: {
              sessionId: 's1',
              userId: 'u1',
              revokedBy: 'u1',
              revokedBySession: null,
              reason: 'refresh-token-reused',
              at: 15_001,
            },
          },
        ]);
      expect(state.status).toBe('revoked');
    });

    it('given two rotations, when the oldest token comes back, then revoked even within the grace of the last', () => {
      given(sessionDecider, [withRefresh, rotated(1, 'r1', 5_000), rotated(2, 'r2', 6_000)])
        .when(refresh('r0', 7_000))
        .then([expect.objectContaining({ type: SessionRevoked }) as unknown as SessionEvent]);
    });

    it('given a token never issued, when presented, then INVALID_TOKEN and the session lives on', () => {
      given(sessionDecider, [withRefresh, rotated(1, 'r1', 5_000)])
        .when(refresh('forged', 6_000))
        .thenFails('INVALID_TOKEN');
    });

    it(`given more than ${SPENT_REFRESH_TOKENS_KEPT} rotations, then only the newest spent hashes are kept`, () => {
      const history: SessionEvent[] = [withRefresh];
      for (let g = 1; g <= SPENT_REFRESH_TOKENS_KEPT + 5; g++)
        history.push(rotated(g, `r${g}`, 1_000 + g));
      const { state } = given(sessionDecider, history);
      const family = (state as { refresh: { spent: string[] } }).refresh;
      expect(family.spent).toHaveLength(SPENT_REFRESH_TOKENS_KEPT);
      expect(family.spent.at(-1)).toBe(`r${SPENT_REFRESH_TOKENS_KEPT + 4}`);
    });

    it('given a session of the protocol (session token only), when refreshed, then INVALID_TOKEN', () => {
      given(sessionDecider, [started]).when(refresh('r0', 2_000)).thenFails('INVALID_TOKEN');
    });

    it('given a revoked session, when its current token is presented, then INVALID_TOKEN', () => {
      given(sessionDecider, [
        withRefresh,
        {
          type: SessionRevoked,
          data: {
            sessionId: 's1',
            userId: 'u1',
            revokedBy: 'u1',
            revokedBySession: null,
            reason: 'revoked-by-user',
            at: 2_000,
          },
        },
      ])
        .when(refresh('r0', 3_000))
        .thenFails('INVALID_TOKEN');
    });

    it('given a session past its absolute end, when refreshed, then INVALID_TOKEN', () => {
      given(sessionDecider, [withRefresh])
        .when(refresh('r0', 1_000 + DAY))
        .thenFails('INVALID_TOKEN', /ended/);
    });

    it('given a session idle past the timeout, when refreshed, then INVALID_TOKEN', () => {
      given(sessionDecider, [withRefresh])
        .when({ ...refresh('r0', 1_000 + 2 * 3_600_000), idleTimeoutMs: 3_600_000 })
        .thenFails('INVALID_TOKEN', /ended/);
    });
  });

  describe('lifetime', () => {
    const times = { startedAt: 0, lastSeenAt: 0, expiresAt: DAY };
    it('lasts until its end and while used within the idle timeout', () => {
      expect(sessionLapse(times, DAY - 1, DAY)).toBeNull();
      expect(sessionLapse(times, DAY, 2 * DAY)).toBe('expired');
      expect(sessionLapse({ ...times, lastSeenAt: 100 }, 100 + 3_600_000, 3_600_000)).toBe('idle');
      expect(sessionLapse({ ...times, expiresAt: null }, 10 * DAY, 30 * DAY)).toBeNull();
    });

    it('gives a remembered session the longer lifetime', () => {
      const lifetimes = { idleTimeoutMs: DAY, lifetimeMs: 2 * DAY, rememberedLifetimeMs: 9 * DAY };
      expect(sessionExpiresAt(lifetimes, 10, false)).toBe(10 + 2 * DAY);
      expect(sessionExpiresAt(lifetimes, 10, true)).toBe(10 + 9 * DAY);
    });

    it('given a session started before lifetimes existed, then it has no absolute end', () => {
      const { expiresAt: _e, ...old } = started.data as SessionStartedData;
      const { state } = given(sessionDecider, [{ type: SessionStarted, data: old }]);
      expect(state).toMatchObject({ status: 'active', expiresAt: null, refresh: null });
    });
  });
});
