import {
  PasskeyRegistered,
  PasskeyRemoved,
  SecondFactorUsed,
  TakeoutRequested,
  TotpDisabled,
  TotpEnabled,
  type PasskeyRegisteredData,
  EmailChanged,
  EmailChangeUndone,
  type EmailChangedData,
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

  it('given two-factor changes, then entries without secret, codes or hashes; a TOTP code used makes none', () => {
    const on = projectSecurityHistory(
      null,
      log.record({
        streamId: 'account-u1',
        type: TotpEnabled,
        data: {
          userId: 'u1',
          secretId: 'sec',
          sealedSecret: 'v1.sealed-secret',
          timeStep: 7,
          backupCodeHashes: ['backup-hash'],
          enabledAt: T0,
        },
      }),
    );
    expect(on).toMatchObject({ kind: 'two-factor-enabled', at: T0 });
    expect(
      JSON.stringify(toSecurityHistoryEntry(on!), (_k, v: unknown) =>
        typeof v === 'bigint' ? `${v}` : v,
      ),
    ).not.toMatch(/sealed-secret|backup-hash/);
    const used = (factor: 'totp' | 'backup-code') =>
      projectSecurityHistory(
        null,
        log.record({
          streamId: 'account-u1',
          type: SecondFactorUsed,
          data:
            factor === 'totp'
              ? { userId: 'u1', sessionId: 's1', at: T0 + 1, factor, timeStep: 8 }
              : { userId: 'u1', sessionId: 's1', at: T0 + 1, factor, codeHash: 'backup-hash' },
        }),
      );
    expect(used('totp')).toBeNull();
    expect(used('backup-code')).toMatchObject({ kind: 'backup-code-used', sessionId: 's1' });
    const off = projectSecurityHistory(
      null,
      log.record({
        streamId: 'account-u1',
        type: TotpDisabled,
        data: { userId: 'u1', disabledAt: T0 + 2, factor: 'totp', timeStep: 9 },
      }),
    );
    expect(off).toMatchObject({ kind: 'two-factor-disabled', detail: 'totp' });
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

  it('given an email change and its undo, then entries that show neither address nor the undo token', () => {
    const changed: EmailChangedData = {
      userId: 'u1',
      email: 'new@example.org',
      previousEmail: 'old@example.org',
      previousEmailVerified: true,
      undoTokenHash: 'undo-hash',
      sealedUndoToken: 'sealed-undo',
      undoUntil: T0 + 10,
      changedAt: T0 + 1,
      locale: 'en',
    };
    const change = projectSecurityHistory(
      null,
      log.record({ streamId: 'account-u1', type: EmailChanged, data: changed }),
    );
    expect(change).toMatchObject({ kind: 'email-changed', at: T0 + 1 });
    const undo = projectSecurityHistory(
      null,
      log.record({
        streamId: 'account-u1',
        type: EmailChangeUndone,
        data: {
          userId: 'u1',
          email: 'old@example.org',
          emailVerified: true,
          replacedEmail: 'new@example.org',
          undoTokenHash: 'undo-hash',
          at: T0 + 2,
        },
      }),
    );
    expect(undo).toMatchObject({ kind: 'email-change-undone', at: T0 + 2 });
    for (const doc of [change, undo]) {
      expect(
        JSON.stringify(toSecurityHistoryEntry(doc!), (_k, v: unknown) =>
          typeof v === 'bigint' ? `${v}` : v,
        ),
      ).not.toMatch(/example\.org|undo-hash|sealed-undo/);
    }
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
