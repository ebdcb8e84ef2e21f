import {
  AccountRegistered,
  AccountSessionLinked,
  EmailVerificationFailed,
  EmailVerificationRequested,
  EmailVerified,
  PasswordChanged,
  PasswordResetFailed,
  PasswordResetRequested,
  type AccountEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider } from './account.decider';
import {
  CODE_COOLDOWN_MS,
  CODE_MAX_COOLDOWN_MS,
  CODE_MAX_FAILURES,
  CODE_TTL_MS,
} from './one-time-codes';

const T = 1_000_000;
const registered: AccountEvent = {
  type: AccountRegistered,
  data: {
    userId: 'u1',
    name: 'Ada',
    email: 'ada@example.com',
    passwordHash: null,
    registeredAt: 0,
  },
};
const requested = (at: number, codeHash = 'h(123456)', sealedCode = 'sealed'): AccountEvent => ({
  type: EmailVerificationRequested,
  data: {
    userId: 'u1',
    email: 'ada@example.com',
    codeHash,
    sealedCode,
    expiresAt: at + CODE_TTL_MS,
    requestedAt: at,
    locale: 'en',
  },
});
const failed = (at: number): AccountEvent => ({
  type: EmailVerificationFailed,
  data: { userId: 'u1', at },
});

describe('account decider: email verification', () => {
  it('given an unverified email, when a code is requested, then it is issued for 15 minutes', () => {
    given(accountDecider, [registered])
      .when({
        kind: 'request-email-verification',
        codeHash: 'h(123456)',
        sealedCode: 'sealed',
        locale: 'en',
        at: T,
      })
      .then([requested(T)]);
  });

  it('given a code issued a moment ago, when another is requested, then RATE_LIMIT_EXCEEDED (cooldown)', () => {
    given(accountDecider, [registered, requested(T)])
      .when({
        kind: 'request-email-verification',
        codeHash: 'x',
        sealedCode: 's',
        locale: 'en',
        at: T + CODE_COOLDOWN_MS - 1,
      })
      .thenFails('RATE_LIMIT_EXCEEDED', /wait/);
  });

  it('given several codes today, when another is requested, then the wait has doubled with each', () => {
    // Codes at T, T+1 min, T+3 min: the next waits 4 minutes after the last.
    const history = [
      requested(T),
      requested(T + CODE_COOLDOWN_MS),
      requested(T + 3 * CODE_COOLDOWN_MS),
    ];
    const request = (at: number) => ({
      kind: 'request-email-verification' as const,
      codeHash: 'x',
      sealedCode: 's',
      locale: 'en',
      at,
    });
    given(accountDecider, [registered, ...history])
      .when(request(T + 7 * CODE_COOLDOWN_MS - 1))
      .thenFails('RATE_LIMIT_EXCEEDED', /wait 1 s/);
    given(accountDecider, [registered, ...history])
      .when(request(T + 7 * CODE_COOLDOWN_MS))
      .then([requested(T + 7 * CODE_COOLDOWN_MS, 'x', 's')]);
  });

  it('given many codes today (a stranger asking), when the owner asks after the longest wait, then a fresh code is issued', () => {
    const history = Array.from({ length: 40 }, (_, i) => requested(T + i * 1_000));
    const at = T + 39 * 1_000 + CODE_MAX_COOLDOWN_MS;
    given(accountDecider, [registered, ...history])
      .when({
        kind: 'request-email-verification',
        codeHash: 'x',
        sealedCode: 's',
        locale: 'en',
        at,
      })
      .then([requested(at, 'x', 's')]);
  });

  it('given a new code replaced the old one, when the old code is submitted, then it counts as wrong', () => {
    given(accountDecider, [
      registered,
      requested(T, 'h(old)'),
      requested(T + CODE_COOLDOWN_MS, 'h(new)'),
    ])
      .when({ kind: 'verify-email', codeHash: 'h(old)', at: T + CODE_COOLDOWN_MS + 1 })
      .then([failed(T + CODE_COOLDOWN_MS + 1)]);
  });

  it('given a pending code, when the right code is submitted, then email.verified', () => {
    const state = given(accountDecider, [registered, requested(T)])
      .when({ kind: 'verify-email', codeHash: 'h(123456)', at: T + 1 })
      .then([{ type: EmailVerified, data: { userId: 'u1', email: 'ada@example.com', at: T + 1 } }]);
    expect(state).toMatchObject({ emailVerified: true, verification: { pending: null } });
  });

  it('given a used code, when it is submitted again, then INVALID_CODE (single use)', () => {
    given(accountDecider, [
      registered,
      requested(T),
      { type: EmailVerified, data: { userId: 'u1', email: 'ada@example.com', at: T + 1 } },
    ])
      .when({ kind: 'verify-email', codeHash: 'h(123456)', at: T + 2 })
      .thenFails('INVALID_CODE');
  });

  it('given an expired code, when the right code is submitted, then INVALID_CODE', () => {
    given(accountDecider, [registered, requested(T)])
      .when({ kind: 'verify-email', codeHash: 'h(123456)', at: T + CODE_TTL_MS })
      .thenFails('INVALID_CODE');
  });

  it(`given ${CODE_MAX_FAILURES} wrong guesses, when the right code is submitted, then INVALID_CODE (the code died)`, () => {
    const guesses = Array.from({ length: CODE_MAX_FAILURES }, (_, i) => failed(T + i + 1));
    given(accountDecider, [registered, requested(T), ...guesses])
      .when({ kind: 'verify-email', codeHash: 'h(123456)', at: T + 100 })
      .thenFails('INVALID_CODE');
  });

  it('given an account without email, when a code is requested, then INVALID_ARGUMENT', () => {
    given(accountDecider, [
      { type: AccountRegistered, data: { ...registered.data, email: null } } as AccountEvent,
    ])
      .when({
        kind: 'request-email-verification',
        codeHash: 'x',
        sealedCode: 's',
        locale: 'en',
        at: T,
      })
      .thenFails('INVALID_ARGUMENT');
  });
});

describe('account decider: password reset', () => {
  const resetRequested: AccountEvent = {
    type: PasswordResetRequested,
    data: {
      userId: 'u1',
      email: 'ada@example.com',
      codeHash: 'h(654321)',
      sealedCode: 's',
      expiresAt: T + CODE_TTL_MS,
      requestedAt: T,
      locale: 'en',
    },
  };

  it('given an account with email, when a reset is requested, then a code is issued', () => {
    given(accountDecider, [registered])
      .when({
        kind: 'request-password-reset',
        codeHash: 'h(654321)',
        sealedCode: 's',
        locale: 'en',
        at: T,
      })
      .then([resetRequested]);
  });

  it('given a reset requested a moment ago, when requested again, then nothing (silently)', () => {
    given(accountDecider, [registered, resetRequested])
      .when({
        kind: 'request-password-reset',
        codeHash: 'x',
        sealedCode: 's',
        locale: 'en',
        at: T + 1,
      })
      .then([]);
  });

  it('given ten requests and five wrong guesses by a stranger, when the owner asks after the wait, then a fresh code works', () => {
    const strangerRequests = Array.from({ length: 10 }, (_, i) => ({
      ...resetRequested,
      data: { ...resetRequested.data, requestedAt: T + i * 1_000, expiresAt: T + CODE_TTL_MS },
    })) as AccountEvent[];
    const wrongGuesses = Array.from({ length: CODE_MAX_FAILURES }, () => ({
      type: PasswordResetFailed,
      data: { userId: 'u1', at: T + 20_000 },
    })) as AccountEvent[];
    const at = T + 9_000 + CODE_MAX_COOLDOWN_MS;
    const state = given(accountDecider, [registered, ...strangerRequests, ...wrongGuesses])
      .when({
        kind: 'request-password-reset',
        codeHash: 'h(owner)',
        sealedCode: 's',
        locale: 'en',
        at,
      })
      .then([
        {
          ...resetRequested,
          data: {
            ...resetRequested.data,
            codeHash: 'h(owner)',
            requestedAt: at,
            expiresAt: at + CODE_TTL_MS,
          },
        },
      ]);
    given(accountDecider, [
      registered,
      ...strangerRequests,
      ...wrongGuesses,
      {
        ...resetRequested,
        data: {
          ...resetRequested.data,
          codeHash: 'h(owner)',
          requestedAt: at,
          expiresAt: at + CODE_TTL_MS,
        },
      },
    ])
      .when({ kind: 'confirm-password-reset', codeHash: 'h(owner)', passwordHash: '$new', at })
      .then([
        {
          type: PasswordChanged,
          data: { userId: 'u1', passwordHash: '$new', reason: 'reset', changedAt: at },
        },
      ]);
    expect(state).toMatchObject({ reset: { pending: { failures: 0 } } });
  });

  it('given a pending reset, when confirmed with the right code, then the password changes and the code is used', () => {
    const state = given(accountDecider, [registered, resetRequested])
      .when({
        kind: 'confirm-password-reset',
        codeHash: 'h(654321)',
        passwordHash: '$new',
        at: T + 5,
      })
      .then([
        {
          type: PasswordChanged,
          data: { userId: 'u1', passwordHash: '$new', reason: 'reset', changedAt: T + 5 },
        },
      ]);
    expect(state).toMatchObject({ passwordHash: '$new', reset: { pending: null } });
  });

  it('given a pending reset, when confirmed with a wrong code, then a failure is recorded', () => {
    given(accountDecider, [registered, resetRequested])
      .when({
        kind: 'confirm-password-reset',
        codeHash: 'h(000000)',
        passwordHash: '$new',
        at: T + 5,
      })
      .then([{ type: PasswordResetFailed, data: { userId: 'u1', at: T + 5 } }]);
  });

  it('given no reset pending, when confirmed, then INVALID_CODE', () => {
    given(accountDecider, [registered])
      .when({ kind: 'confirm-password-reset', codeHash: 'h(654321)', passwordHash: '$new', at: T })
      .thenFails('INVALID_CODE');
  });
});

describe('account decider: sessions', () => {
  const withPassword: AccountEvent = {
    type: AccountRegistered,
    data: {
      userId: 'u1',
      name: 'Ada',
      email: 'ada@example.com',
      passwordHash: '$old',
      registeredAt: 0,
    },
  };

  it('given an account, when a session is linked, then account.session-linked and the id is remembered', () => {
    const state = given(accountDecider, [withPassword])
      .when({
        kind: 'link-session',
        sessionId: 's1',
        verifiedPasswordHash: '$old',
        secondFactor: null,
        at: 5,
      })
      .then([{ type: AccountSessionLinked, data: { userId: 'u1', sessionId: 's1', at: 5 } }]);
    expect(state).toMatchObject({
      activeSessions: expect.objectContaining({ ends: new Map([['s1', null]]) }),
    });
  });

  it('given the password changed after it was verified, when a session is linked, then INVALID_CREDENTIALS', () => {
    given(accountDecider, [
      withPassword,
      {
        type: PasswordChanged,
        data: { userId: 'u1', passwordHash: '$new', reason: 'reset', changedAt: 3 },
      },
    ])
      .when({
        kind: 'link-session',
        sessionId: 's1',
        verifiedPasswordHash: '$old',
        secondFactor: null,
        at: 5,
      })
      .thenFails('INVALID_CREDENTIALS');
  });
});
