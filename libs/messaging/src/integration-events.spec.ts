import Long from 'long';
import type { LoginLinkRequestedData } from '@tangle/contracts';
import { decodeIntegrationEvent } from './public-events';
import { decodeMailRequest } from './mail-request-codec';
import { toIntegrationMessages } from './integration-events';
import { v1 } from './schema';
import {
  CODE_HASH,
  PASSWORD_HASH,
  SEALED_CODE,
  SEALED_LINK_TOKEN,
  T0,
  TOKEN_HASH,
  accountRegistered,
  emailReserved,
  emailVerificationFailed,
  emailVerificationRequested,
  emailVerified,
  loginCompleted,
  loginLinkRequested,
  passwordChanged,
  passwordResetRequested,
  recorded,
  sessionRevoked,
  sessionSeen,
  sessionStarted,
  usernameReserved,
} from './testing/domain-events';

const TOPICS = { events: 'events-topic', mail: 'mail-topic' };
const USER = '123456789012345678';
const SESSION = '223456789012345678';

/** Every byte of every value as text, to look for secrets that must not be there. */
function bytesText(values: Uint8Array[]): string {
  return values.map((value) => Buffer.from(value).toString('latin1')).join('|');
}

describe('toIntegrationMessages', () => {
  it('publishes account.registered on the events topic, keyed by user id, with the headers', () => {
    const event = recorded(accountRegistered(USER, { username: 'ada' }));

    const messages = toIntegrationMessages(event, TOPICS);

    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message.topic).toBe('events-topic');
    expect(message.key).toBe(USER);
    expect(message.headers).toEqual({
      'event-id': event.eventId,
      'event-type': 'account.registered.v1',
      'correlation-id': event.metadata.correlationId,
      'schema-version': '1',
      'content-type': 'application/x-protobuf',
    });
    const decoded = decodeIntegrationEvent(message.value);
    expect(decoded.event).toBe('accountRegistered');
    const registered = decoded.accountRegistered!;
    expect(registered.header).toMatchObject({
      eventId: event.eventId,
      type: 'account.registered.v1',
      schemaVersion: 1,
      correlationId: event.metadata.correlationId,
    });
    expect(Long.fromValue(registered.header!.userId!).toString()).toBe(USER);
    expect(Long.fromValue(registered.header!.occurredAt!).toNumber()).toBe(T0);
    expect(registered.name).toBe(`User ${USER}`);
    expect(registered.email).toBe(`u${USER}@example.org`);
    expect(registered.username).toBe('ada');
    expect(registered.hasPassword).toBe(true);
    expect(bytesText([message.value])).not.toContain(PASSWORD_HASH);
  });

  it('leaves the optional fields of a passwordless account without email unset', () => {
    const event = recorded(accountRegistered(USER, { email: null, passwordHash: null }));

    const [message] = toIntegrationMessages(event, TOPICS);

    const registered = decodeIntegrationEvent(message.value).accountRegistered!;
    expect(registered.hasPassword).toBe(false);
    expect(registered.email ?? null).toBeNull();
    expect(registered.username ?? null).toBeNull();
  });

  it('publishes the profile an account registered with', () => {
    const event = recorded(
      accountRegistered(USER, {
        name: 'Ahmed Mohamed',
        firstName: 'Ahmed',
        lastName: 'Mohamed',
        phone: '+201234567890',
        accountType: 'business',
        referralCode: 'FRIEND-7',
      }),
    );

    const [message] = toIntegrationMessages(event, TOPICS);

    const registered = decodeIntegrationEvent(message.value).accountRegistered!;
    expect(registered).toMatchObject({
      name: 'Ahmed Mohamed',
      firstName: 'Ahmed',
      lastName: 'Mohamed',
      phone: '+201234567890',
      accountType: v1.AccountType.ACCOUNT_TYPE_BUSINESS,
      referralCode: 'FRIEND-7',
    });
  });

  it('keeps the profile on field numbers 6 to 10 of AccountRegistered', () => {
    const hex = (message: v1.AccountRegistered.$Properties) =>
      Buffer.from(v1.AccountRegistered.encode(message).finish()).toString('hex');
    // Tag byte = field number << 3 | wire type (2: length-delimited, 0: varint).
    expect(hex({ firstName: 'A' })).toBe('320141');
    expect(hex({ lastName: 'A' })).toBe('3a0141');
    expect(hex({ phone: '+2' })).toBe('42022b32');
    expect(hex({ accountType: v1.AccountType.ACCOUNT_TYPE_BUSINESS })).toBe('4802');
    expect(hex({ referralCode: 'A' })).toBe('520141');
  });

  it('publishes an account registered before profiles as an individual without profile fields', () => {
    const [message] = toIntegrationMessages(recorded(accountRegistered(USER)), TOPICS);

    const registered = decodeIntegrationEvent(message.value).accountRegistered!;
    expect(registered.accountType).toBe(v1.AccountType.ACCOUNT_TYPE_INDIVIDUAL);
    for (const field of ['firstName', 'lastName', 'phone', 'referralCode'] as const) {
      expect(registered[field] ?? null).toBeNull();
    }
  });

  it('publishes email verification on the events topic', () => {
    const [message] = toIntegrationMessages(
      recorded(emailVerified(USER, 'new@example.org')),
      TOPICS,
    );

    expect(message.topic).toBe('events-topic');
    expect(decodeIntegrationEvent(message.value).emailVerified?.email).toBe('new@example.org');
  });

  it('turns a verification request into a mail request only, with the code still sealed', () => {
    const event = recorded(emailVerificationRequested(USER));

    const messages = toIntegrationMessages(event, TOPICS);

    expect(messages.map((m) => m.topic)).toEqual(['mail-topic']);
    expect(messages[0].key).toBe(USER);
    expect(messages[0].headers['event-type']).toBe('mail.requested.v1');
    expect(messages[0].headers['event-id']).toBe(event.eventId);
    expect(decodeMailRequest(messages[0].value)).toEqual({
      eventId: event.eventId,
      template: 'email-verification',
      userId: USER,
      to: `u${USER}@example.org`,
      locale: 'de',
      sealedSecret: SEALED_CODE,
      authId: null,
      matchCode: null,
      requester: null,
      expiresAt: T0 + 900_000,
      occurredAt: T0 + 10,
      correlationId: event.metadata.correlationId,
    });
    expect(bytesText([messages[0].value])).not.toContain(CODE_HASH);
  });

  it('turns a password reset request into a password-reset mail', () => {
    const [message] = toIntegrationMessages(recorded(passwordResetRequested(USER)), TOPICS);

    expect(message.topic).toBe('mail-topic');
    expect(decodeMailRequest(message.value)).toMatchObject({
      template: 'password-reset',
      locale: 'fr',
      sealedSecret: SEALED_CODE,
    });
  });

  it('turns a login link request into a login-link mail with its match code and requester, never the requested session name', () => {
    const messages = toIntegrationMessages(recorded(loginLinkRequested('auth-1', USER)), TOPICS);

    expect(messages.map((m) => m.topic)).toEqual(['mail-topic']);
    expect(decodeMailRequest(messages[0].value)).toMatchObject({
      template: 'login-link',
      to: `u${USER}@example.org`,
      locale: 'es',
      sealedSecret: SEALED_LINK_TOKEN,
      authId: 'auth-1',
      matchCode: 'K7M-42P',
      requester: { description: 'Safari on iPhone', country: 'ES', region: null },
      expiresAt: T0 + 600_000,
    });
    expect(bytesText(messages.map((m) => m.value))).not.toContain('ios');
  });

  it('mails a login link from before match codes without code or requester', () => {
    const event = recorded(loginLinkRequested('auth-1', USER));
    const {
      matchCode: _code,
      requester: _requester,
      ...legacy
    } = event.data as LoginLinkRequestedData;
    const [message] = toIntegrationMessages({ ...event, data: legacy }, TOPICS);

    expect(decodeMailRequest(message.value)).toMatchObject({ matchCode: null, requester: null });
  });

  it('publishes a changed password and mails a notice to the account address', () => {
    const event = recorded(passwordChanged(USER, 'change'));

    const messages = toIntegrationMessages(event, TOPICS, {
      account: { email: 'ada@example.org', locale: 'pt' },
    });

    expect(messages.map((m) => m.topic)).toEqual(['events-topic', 'mail-topic']);
    expect(decodeIntegrationEvent(messages[0].value).passwordChanged?.reason).toBe(
      v1.PasswordChangeReason.PASSWORD_CHANGE_REASON_CHANGE,
    );
    expect(decodeMailRequest(messages[1].value)).toMatchObject({
      template: 'password-changed',
      to: 'ada@example.org',
      locale: 'pt',
      sealedSecret: null,
      expiresAt: null,
    });
    expect(bytesText(messages.map((m) => m.value))).not.toContain(PASSWORD_HASH);
  });

  it('uses the default locale for a notice to an account that never had a mailed code', () => {
    const messages = toIntegrationMessages(recorded(passwordChanged(USER, 'reset')), TOPICS, {
      account: { email: 'ada@example.org', locale: null },
      defaultLocale: 'it',
    });

    expect(decodeIntegrationEvent(messages[0].value).passwordChanged?.reason).toBe(
      v1.PasswordChangeReason.PASSWORD_CHANGE_REASON_RESET,
    );
    expect(decodeMailRequest(messages[1].value).locale).toBe('it');
  });

  it('sends no notice when the account has no address', () => {
    const messages = toIntegrationMessages(recorded(passwordChanged(USER, 'reset')), TOPICS, {
      account: { email: null, locale: null },
    });

    expect(messages.map((m) => m.topic)).toEqual(['events-topic']);
  });

  it('publishes nothing for a rehash', () => {
    const messages = toIntegrationMessages(recorded(passwordChanged(USER, 'rehash')), TOPICS, {
      account: { email: 'ada@example.org', locale: null },
    });

    expect(messages).toEqual([]);
  });

  it('publishes a started session with its device, geo and method, without the token hash', () => {
    const [message] = toIntegrationMessages(recorded(sessionStarted(SESSION, USER)), TOPICS);

    expect(message.key).toBe(USER);
    const started = decodeIntegrationEvent(message.value).sessionStarted!;
    expect(Long.fromValue(started.sessionId!).toString()).toBe(SESSION);
    expect(started.device).toEqual(
      expect.objectContaining({
        clientId: 7,
        deviceType: 'android',
        deviceVersion: '15',
        appName: 'Tangle',
        appVersion: '1.2.3',
      }),
    );
    expect(started.country).toBe('DE');
    expect(started.region).toBe('DE-BE');
    expect(started.method).toBe(v1.SessionMethod.SESSION_METHOD_PASSWORD);
    expect(bytesText([message.value])).not.toContain(TOKEN_HASH);
  });

  it('publishes a QR login session with the session that approved it', () => {
    const approver = '386015309011615744';
    const event = recorded(
      sessionStarted(SESSION, USER, { method: 'qr', approvedBySession: approver }),
    );

    const started = decodeIntegrationEvent(
      toIntegrationMessages(event, TOPICS)[0].value,
    ).sessionStarted!;

    expect(started.method).toBe(v1.SessionMethod.SESSION_METHOD_QR);
    expect(Long.fromValue(started.approvedBySession!).toString()).toBe(approver);
    const password = decodeIntegrationEvent(
      toIntegrationMessages(recorded(sessionStarted(SESSION, USER)), TOPICS)[0].value,
    ).sessionStarted!;
    expect(password.approvedBySession ?? null).toBeNull();
  });

  it('leaves an unknown country unset', () => {
    const event = recorded(sessionStarted(SESSION, USER, { country: null, region: null }));

    const started = decodeIntegrationEvent(
      toIntegrationMessages(event, TOPICS)[0].value,
    ).sessionStarted!;

    expect(started.country ?? null).toBeNull();
    expect(started.region ?? null).toBeNull();
  });

  it('publishes a revoked session', () => {
    const [message] = toIntegrationMessages(recorded(sessionRevoked(SESSION, USER)), TOPICS);

    const revoked = decodeIntegrationEvent(message.value).sessionRevoked!;
    expect(Long.fromValue(revoked.sessionId!).toString()).toBe(SESSION);
    expect(Long.fromValue(revoked.revokedBy!).toString()).toBe(USER);
    expect(revoked.revokedBySession ?? null).toBeNull();
    expect(revoked.reason).toBe(
      v1.SessionRevocationReason.SESSION_REVOCATION_REASON_REVOKED_BY_USER,
    );
  });

  it.each([
    ['email.reserved', emailReserved(USER)],
    ['session.seen', sessionSeen(SESSION, USER)],
    ['a failed verification', emailVerificationFailed(USER)],
    ['username.reserved', usernameReserved(USER)],
    ['login.completed', loginCompleted('auth-1', USER, SESSION)],
  ])('publishes nothing for %s', (_name, source) => {
    expect(toIntegrationMessages(recorded(source), TOPICS)).toEqual([]);
  });

  it('uses the default topics when none are given', () => {
    expect(toIntegrationMessages(recorded(accountRegistered(USER)))[0].topic).toBe(
      'tangle.auth.events.v1',
    );
    expect(toIntegrationMessages(recorded(emailVerificationRequested(USER)))[0].topic).toBe(
      'tangle.auth.mail.v1',
    );
  });

  it('refuses a user id that is not a snowflake rather than publish a wrong one', () => {
    expect(() =>
      toIntegrationMessages(recorded(accountRegistered('not-a-number')), TOPICS),
    ).toThrow(RangeError);
  });
});
