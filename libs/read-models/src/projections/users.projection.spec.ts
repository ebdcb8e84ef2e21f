import type { RecordedEvent } from '@tangle/application';
import {
  EventLog,
  FIXTURE_PASSWORD_HASH,
  T0,
  accountRegistered,
  emailReserved,
  emailVerified,
  passwordChanged,
  sessionStarted,
  unknownEvent,
} from '../contract/recorded-event.fixtures';
import { projectUser, toUserView, userKeyOf, type UserDocument } from './users.projection';

const given = (events: RecordedEvent[]): UserDocument | null =>
  events.reduce<UserDocument | null>(projectUser, null);

describe('users projection', () => {
  let log: EventLog;
  beforeEach(() => {
    log = new EventLog();
  });

  it('given no user, when an account registers, then a row with the normalised email exists', () => {
    const registered = log.record(
      accountRegistered('u1', { name: 'Ada', email: '  Ada@Example.ORG ', registeredAt: T0 + 1 }),
    );

    const doc = projectUser(null, registered);

    expect(doc).toEqual({
      userId: 'u1',
      name: 'Ada',
      email: '  Ada@Example.ORG ',
      emailNormalized: 'ada@example.org',
      emailVerified: false,
      hasPassword: true,
      registeredAt: T0 + 1,
      firstName: null,
      lastName: null,
      phone: null,
      accountType: 'individual',
      referralCode: null,
      deletionDueAt: null,
      deletedAt: null,
      lastPosition: registered.position,
    });
    expect(JSON.stringify(toUserView(doc!))).not.toContain(FIXTURE_PASSWORD_HASH);
  });

  it('given no user, when an account registers with a profile, then the row holds it', () => {
    const doc = projectUser(
      null,
      log.record(
        accountRegistered('u1', {
          firstName: 'Ahmed',
          lastName: 'Mohamed',
          phone: '+201234567890',
          accountType: 'business',
          referralCode: 'FRIEND-7',
        }),
      ),
    );

    expect(doc).toMatchObject({
      firstName: 'Ahmed',
      lastName: 'Mohamed',
      phone: '+201234567890',
      accountType: 'business',
      referralCode: 'FRIEND-7',
    });
  });

  it('given no user, when a passwordless account without email registers, then both are absent', () => {
    const doc = projectUser(
      null,
      log.record(accountRegistered('u1', { email: null, passwordHash: null })),
    );

    expect(doc).toMatchObject({ email: null, emailNormalized: null, hasPassword: false });
  });

  it('given a passwordless user, when a password is set, then the user has a password', () => {
    const current = given([log.record(accountRegistered('u1', { passwordHash: null }))]);
    const changed = log.record(passwordChanged('u1', T0 + 5));

    const doc = projectUser(current, changed);

    expect(doc?.hasPassword).toBe(true);
    expect(doc?.lastPosition).toEqual(changed.position);
    expect(
      JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)),
    ).not.toContain(FIXTURE_PASSWORD_HASH);
  });

  it('given a user who set a password, when the registration is applied again, then nothing changes', () => {
    const registered = log.record(accountRegistered('u1', { passwordHash: null }));
    const current = given([registered, log.record(passwordChanged('u1', T0 + 5))]);

    const doc = projectUser(current, registered);

    expect(doc).toBe(current);
    expect(doc?.hasPassword).toBe(true);
  });

  it('given a user, when the registered address is verified, then the row says so', () => {
    const doc = given([
      log.record(accountRegistered('u1', { email: 'Ada@Example.org' })),
      log.record(emailVerified('u1', 'Ada@Example.org', T0 + 5)),
    ]);
    expect(doc?.emailVerified).toBe(true);
    expect(userKeyOf(log.record(emailVerified('u2', 'x@example.org', T0)))).toBe('u2');
  });

  it('given no user, when a password change arrives, then still no row', () => {
    expect(projectUser(null, log.record(passwordChanged('u1', T0)))).toBeNull();
  });

  it('keys account events by user id and ignores email, session and unknown events', () => {
    expect(userKeyOf(log.record(passwordChanged('u1', T0)))).toBe('u1');
    expect(userKeyOf(log.record(emailReserved('u1', 'a@b.c')))).toBeNull();
    expect(userKeyOf(log.record(sessionStarted('s1', 'u1')))).toBeNull();
    expect(userKeyOf(log.record(unknownEvent('u1')))).toBeNull();
  });
});
