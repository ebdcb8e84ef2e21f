import {
  PasskeyRegistered,
  PasskeyRemoved,
  TakeoutRequested,
  type PasskeyRegisteredData,
  type TakeoutRequestedData,
} from '@tangle/contracts';
import {
  EventLog,
  T0,
  accountRegistered,
  emailReserved,
  passwordChanged,
  sessionSeen,
  sessionStarted,
  unknownEvent,
} from '../contract/recorded-event.fixtures';
import { signInFailed } from '../contract/security-history.contract';
import {
  projectSecurityHistory,
  securityHistoryKeyOf,
  toSecurityHistoryEntry,
} from './security-history.projection';
import { SECURITY_HISTORY_ENTRIES } from './security-history.entries';

describe('security history projection', () => {
  let log: EventLog;
  beforeEach(() => {
    log = new EventLog();
  });

  it('given no entry, when a session starts, then a sign-in entry with its device and place', () => {
    const start = log.record(sessionStarted('s1', 'u1', { deviceVersion: '', startedAt: T0 + 5 }));
    const doc = projectSecurityHistory(null, start);
    expect(toSecurityHistoryEntry(doc!)).toEqual({
      entryId: start.eventId,
      userId: 'u1',
      kind: 'sign-in',
      at: T0 + 5,
      sessionId: 's1',
      device: 'desktop',
      country: 'DE',
      region: 'BE',
      detail: 'password',
      position: start.position,
    });
  });

  it('given an entry, when its event is applied again, then it stays as it was', () => {
    const failed = log.record(signInFailed('u1', T0));
    const doc = projectSecurityHistory(null, failed);
    expect(projectSecurityHistory(doc, failed)).toBe(doc);
  });

  it('given a rehash at sign-in, then no entry: the password did not change', () => {
    const rehash = log.record({
      ...passwordChanged('u1', T0),
      data: { ...passwordChanged('u1', T0).data, reason: 'rehash' as const },
    });
    expect(securityHistoryKeyOf(rehash)).toBe(rehash.eventId);
    expect(projectSecurityHistory(null, rehash)).toBeNull();
    expect(projectSecurityHistory(null, log.record(passwordChanged('u1', T0)))?.detail).toBe(
      'change',
    );
  });

  it('given a passkey added and removed, then entries with its name, never its key', () => {
    const data: PasskeyRegisteredData = {
      userId: 'u1',
      credentialId: 'credential-id',
      publicKey: 'public-key',
      name: 'Work laptop',
      signCount: 0,
      deviceType: 'multiDevice',
      backedUp: true,
      transports: ['internal'],
      aaguid: '00000000-0000-0000-0000-000000000000',
      challengeId: 'challenge-id',
      challengeExpiresAt: T0 + 1,
      registeredAt: T0,
    };
    const added = projectSecurityHistory(
      null,
      log.record({ streamId: 'passkeys-u1', type: PasskeyRegistered, data }),
    );
    expect(added).toMatchObject({ kind: 'passkey-added', at: T0, detail: 'Work laptop' });
    expect(
      JSON.stringify(toSecurityHistoryEntry(added!), (_k, v: unknown) =>
        typeof v === 'bigint' ? `${v}` : v,
      ),
    ).not.toMatch(/credential-id|public-key|challenge-id/);
    const removed = projectSecurityHistory(
      null,
      log.record({
        streamId: 'passkeys-u1',
        type: PasskeyRemoved,
        data: { userId: 'u1', credentialId: 'credential-id', at: T0 + 5 },
      }),
    );
    expect(removed).toMatchObject({ kind: 'passkey-removed', at: T0 + 5, detail: null });
  });

  it('given a takeout request, then an entry that shows neither the address nor the token', () => {
    const data: TakeoutRequestedData = {
      userId: 'u1',
      email: 'ada@example.org',
      tokenHash: 'token-hash',
      sealedToken: 'sealed-token',
      requestedAt: T0,
      expiresAt: T0 + 1,
      locale: 'en',
    };
    const doc = projectSecurityHistory(
      null,
      log.record({ streamId: 'account-u1', type: TakeoutRequested, data }),
    );
    expect(doc).toMatchObject({ kind: 'takeout-requested', at: T0 });
    expect(
      JSON.stringify(toSecurityHistoryEntry(doc!), (_k, v: unknown) =>
        typeof v === 'bigint' ? `${v}` : v,
      ),
    ).not.toMatch(/ada@example|token-hash|sealed-token/);
  });

  it('keys only the event types of the table, by event id', () => {
    for (const fixture of [
      accountRegistered('u1'),
      emailReserved('u1', 'a@b.c'),
      sessionSeen('s1', 'u1', T0),
      unknownEvent('u1'),
    ]) {
      expect(securityHistoryKeyOf(log.record(fixture))).toBeNull();
    }
    // Inherited names are not event types.
    expect(
      securityHistoryKeyOf(log.record({ streamId: 'x-1', type: 'toString', data: {} })),
    ).toBeNull();
    expect(Object.keys(SECURITY_HISTORY_ENTRIES).length).toBeGreaterThanOrEqual(7);
  });
});
