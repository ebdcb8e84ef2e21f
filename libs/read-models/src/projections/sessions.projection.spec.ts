import type { RecordedEvent } from '@tangle/application';
import { SessionRefreshed } from '@tangle/contracts';
import {
  EventLog,
  FIXTURE_TOKEN_HASH,
  T0,
  accountRegistered,
  sessionRevoked,
  sessionSeen,
  sessionStarted,
} from '../contract/recorded-event.fixtures';
import {
  projectSession,
  sessionKeyOf,
  toSessionView,
  type SessionDocument,
} from './sessions.projection';

const given = (events: RecordedEvent[]): SessionDocument | null =>
  events.reduce<SessionDocument | null>(projectSession, null);

describe('sessions projection', () => {
  let log: EventLog;
  beforeEach(() => {
    log = new EventLog();
  });

  it('given a session, when its refresh token rotates, then its last activity moves and no secret is kept', () => {
    const start = log.record(sessionStarted('s1', 'u1', { startedAt: T0 }));
    const refreshed = log.record({
      streamId: start.streamId,
      type: SessionRefreshed,
      data: {
        sessionId: 's1',
        userId: 'u1',
        generation: 1,
        refreshTokenHash: 'refresh-hash',
        sealedSuccessor: 'sealed-successor',
        at: T0 + 60_000,
      },
    });
    const doc = given([start, refreshed]);
    expect(doc).toMatchObject({ lastActive: T0 + 60_000, lastPosition: refreshed.position });
    expect(JSON.stringify(toSessionView(doc!))).not.toMatch(/refresh-hash|sealed-successor/);
  });

  it('given no session, when it starts, then a row exists whose last activity is its start', () => {
    const start = log.record(sessionStarted('s1', 'u1', { startedAt: T0 + 5 }));

    const doc = projectSession(null, start);

    expect(doc).toEqual({
      sessionId: 's1',
      userId: 'u1',
      clientId: 7,
      deviceType: 'desktop',
      deviceVersion: 'Linux 6',
      appName: 'osmium',
      appVersion: '1.2.3',
      method: 'password',
      startedAt: T0 + 5,
      lastActive: T0 + 5,
      country: 'DE',
      region: 'BE',
      revokedAt: null,
      lastPosition: start.position,
    });
    expect(JSON.stringify(toSessionView(doc!))).not.toContain(FIXTURE_TOKEN_HASH);
  });

  it('given a started session, when it is seen, then last activity moves forward', () => {
    const current = given([log.record(sessionStarted('s1', 'u1'))]);
    const seen = log.record(sessionSeen('s1', 'u1', T0 + 60_000));

    const doc = projectSession(current, seen);

    expect(doc?.lastActive).toBe(T0 + 60_000);
    expect(doc?.lastPosition).toEqual(seen.position);
  });

  it('given a recent sighting, when an older sighting arrives later, then last activity stays', () => {
    const current = given([
      log.record(sessionStarted('s1', 'u1')),
      log.record(sessionSeen('s1', 'u1', T0 + 60_000)),
    ]);

    const doc = projectSession(current, log.record(sessionSeen('s1', 'u1', T0 + 1_000)));

    expect(doc?.lastActive).toBe(T0 + 60_000);
  });

  it('given a session, when it is revoked twice, then the first revocation time stays', () => {
    const current = given([log.record(sessionStarted('s1', 'u1'))]);

    const once = projectSession(current, log.record(sessionRevoked('s1', 'u1', T0 + 10)));
    const twice = projectSession(once, log.record(sessionRevoked('s1', 'u1', T0 + 20)));

    expect(once?.revokedAt).toBe(T0 + 10);
    expect(twice?.revokedAt).toBe(T0 + 10);
  });

  it('given a seen session, when its start is applied again, then nothing changes', () => {
    const start = log.record(sessionStarted('s1', 'u1'));
    const current = given([start, log.record(sessionSeen('s1', 'u1', T0 + 60_000))]);

    const doc = projectSession(current, start);

    expect(doc).toBe(current);
    expect(doc?.lastActive).toBe(T0 + 60_000);
  });

  it('given a session, when an event at exactly its last position arrives, then nothing changes', () => {
    const start = log.record(sessionStarted('s1', 'u1'));
    const current = given([start]);
    const samePosition = new EventLog().record(sessionRevoked('s1', 'u1', T0), start.position);

    expect(projectSession(current, samePosition)).toBe(current);
  });

  it('given no session, when it is seen or revoked, then still no row', () => {
    expect(projectSession(null, log.record(sessionSeen('s9', 'u1', T0)))).toBeNull();
    expect(projectSession(null, log.record(sessionRevoked('s9', 'u1', T0)))).toBeNull();
  });

  it('keys session events by session id and ignores the rest', () => {
    expect(sessionKeyOf(log.record(sessionSeen('s1', 'u1', T0)))).toBe('s1');
    expect(sessionKeyOf(log.record(accountRegistered('u1')))).toBeNull();
  });
});
