import {
  AccountRegistered,
  EmailChanged,
  EmailChangeFailed,
  EmailChangeRequested,
  EmailChangeUndone,
  PasswordChanged,
  PasswordSetupFailed,
  PasswordSetupRequested,
  type AccountEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider, type AccountCommand } from './account.decider';
import { EMAIL_CLAIM_FRESH_MS, holdsEmail } from './account-settings';
import { CODE_MAX_FAILURES, CODE_TTL_MS } from './one-time-codes';
import { ABANDONED_RESERVATION_AFTER_MS } from '../reservation/reservation.decider';

const T = 10_000_000;
const DAY = 86_400_000;
const registered = (passwordHash: string | null, email: string | null = 'Ada@Example.com') =>
  ({
    type: AccountRegistered,
    data: { userId: 'u1', name: 'Ada', email, passwordHash, registeredAt: 0 },
  }) as AccountEvent;

describe('account decider: change password', () => {
  const change = (verified: string, at = T): AccountCommand => ({
    kind: 'change-password',
    verifiedPasswordHash: verified,
    passwordHash: 'new-hash',
    at,
  });

  it('given a password, when changed with its hash verified, then password-changed (change)', () => {
    given(accountDecider, [registered('old-hash')])
      .when(change('old-hash'))
      .then([
        {
          type: PasswordChanged,
          data: { userId: 'u1', passwordHash: 'new-hash', reason: 'change', changedAt: T },
        },
      ]);
  });

  it('given a password changed since it was verified, when changed, then INVALID_CREDENTIALS', () => {
    given(accountDecider, [registered('old-hash')])
      .when(change('older-hash'))
      .thenFails('INVALID_CREDENTIALS');
  });

  it('given a passwordless account, when changed, then INVALID_ARGUMENT', () => {
    given(accountDecider, [registered(null)])
      .when(change('x'))
      .thenFails('INVALID_ARGUMENT', /no password yet/);
  });
});

describe('account decider: first password through a mailed code', () => {
  const request = (at = T): AccountCommand => ({
    kind: 'request-password-setup',
    codeHash: 'h(111111)',
    sealedCode: 'sealed',
    locale: 'en',
    at,
  });
  const requested: AccountEvent = {
    type: PasswordSetupRequested,
    data: {
      userId: 'u1',
      email: 'Ada@Example.com',
      codeHash: 'h(111111)',
      sealedCode: 'sealed',
      expiresAt: T + CODE_TTL_MS,
      requestedAt: T,
      locale: 'en',
    },
  };
  const confirm = (codeHash: string, at = T + 1_000): AccountCommand => ({
    kind: 'confirm-password-setup',
    codeHash,
    passwordHash: 'first-hash',
    at,
  });

  it('given a passwordless account, when a code is asked for, then it is mailed to its address', () => {
    given(accountDecider, [registered(null)])
      .when(request())
      .then([requested]);
  });

  it('given an account with a password, when a setup code is asked for, then INVALID_ARGUMENT', () => {
    given(accountDecider, [registered('hash')])
      .when(request())
      .thenFails('INVALID_ARGUMENT', /already has a password/);
  });

  it('given a passwordless account without an address, when a code is asked for, then INVALID_ARGUMENT', () => {
    given(accountDecider, [registered(null, null)])
      .when(request())
      .thenFails('INVALID_ARGUMENT', /no email address/);
  });

  it('given a code just mailed, when another is asked for, then RATE_LIMIT_EXCEEDED', () => {
    given(accountDecider, [registered(null), requested])
      .when(request(T + 1_000))
      .thenFails('RATE_LIMIT_EXCEEDED');
  });

  it('given a mailed code, when the right one comes back, then the first password is set (setup) and the code is spent', () => {
    const state = given(accountDecider, [registered(null), requested])
      .when(confirm('h(111111)'))
      .then([
        {
          type: PasswordChanged,
          data: { userId: 'u1', passwordHash: 'first-hash', reason: 'setup', changedAt: T + 1_000 },
        },
      ]);
    expect(state.status === 'registered' && state.passwordSetup.pending).toBeNull();
  });

  it('given a mailed code, when a wrong one comes back, then the failure is recorded', () => {
    given(accountDecider, [registered(null), requested])
      .when(confirm('h(999999)'))
      .then([{ type: PasswordSetupFailed, data: { userId: 'u1', at: T + 1_000 } }]);
  });

  it('given a code killed by five wrong guesses, when the right one comes back, then INVALID_CODE', () => {
    const failures = Array.from({ length: CODE_MAX_FAILURES }, (): AccountEvent => ({
      type: PasswordSetupFailed,
      data: { userId: 'u1', at: T + 10 },
    }));
    given(accountDecider, [registered(null), requested, ...failures])
      .when(confirm('h(111111)'))
      .thenFails('INVALID_CODE');
  });

  it('given an expired code, when it comes back, then INVALID_CODE', () => {
    given(accountDecider, [registered(null), requested])
      .when(confirm('h(111111)', T + CODE_TTL_MS))
      .thenFails('INVALID_CODE');
  });
});

describe('account decider: email change', () => {
  const request = (email = 'New@Example.org', at = T): AccountCommand => ({
    kind: 'request-email-change',
    email,
    normalized: email.toLowerCase(),
    codeHash: 'h(222222)',
    sealedCode: 'sealed',
    locale: 'fr',
    at,
  });
  const requested: AccountEvent = {
    type: EmailChangeRequested,
    data: {
      userId: 'u1',
      email: 'New@Example.org',
      codeHash: 'h(222222)',
      sealedCode: 'sealed',
      expiresAt: T + CODE_TTL_MS,
      requestedAt: T,
      locale: 'fr',
    },
  };
  const confirm = (
    overrides: Partial<Extract<AccountCommand, { kind: 'confirm-email-change' }>> = {},
  ): AccountCommand => ({
    kind: 'confirm-email-change',
    normalized: 'new@example.org',
    codeHash: 'h(222222)',
    reservedAt: T + 1_000,
    undoTokenHash: 'undo-hash',
    sealedUndoToken: 'sealed-undo',
    undoWindowMs: 7 * DAY,
    at: T + 2_000,
    ...overrides,
  });
  const changed: AccountEvent = {
    type: EmailChanged,
    data: {
      userId: 'u1',
      email: 'New@Example.org',
      previousEmail: 'Ada@Example.com',
      previousEmailVerified: false,
      undoTokenHash: 'undo-hash',
      sealedUndoToken: 'sealed-undo',
      undoUntil: T + 2_000 + 7 * DAY,
      changedAt: T + 2_000,
      locale: 'fr',
    },
  };

  it('given an account, when a change is asked for, then a code is mailed to the new address', () => {
    const state = given(accountDecider, [registered('h')])
      .when(request())
      .then([requested]);
    expect(state.status === 'registered' && state.email).toBe('Ada@Example.com');
  });

  it('given an account, when a change to its own address (any case) is asked for, then INVALID_ARGUMENT', () => {
    given(accountDecider, [registered('h')])
      .when(request('ADA@example.com'))
      .thenFails('INVALID_ARGUMENT', /already the account address/);
  });

  it('given a change code just mailed, when another change is asked for, then RATE_LIMIT_EXCEEDED', () => {
    given(accountDecider, [registered('h'), requested])
      .when(request('other@example.org', T + 1_000))
      .thenFails('RATE_LIMIT_EXCEEDED');
  });

  it('given a pending change, when its code comes back on a fresh claim, then the address moves and the old one gets an undo link', () => {
    const state = given(accountDecider, [registered('h'), requested])
      .when(confirm())
      .then([changed]);
    expect(state).toMatchObject({
      email: 'New@Example.org',
      emailVerified: true,
      pendingEmail: null,
      emailUndos: [
        { tokenHash: 'undo-hash', email: 'Ada@Example.com', until: T + 2_000 + 7 * DAY },
      ],
    });
  });

  it('given a pending change, when a wrong code comes back, then the failure is recorded', () => {
    given(accountDecider, [registered('h'), requested])
      .when(confirm({ codeHash: 'h(000000)' }))
      .then([{ type: EmailChangeFailed, data: { userId: 'u1', at: T + 2_000 } }]);
  });

  it('given a pending change, when its code comes back for another address, then INVALID_CODE', () => {
    given(accountDecider, [registered('h'), requested])
      .when(confirm({ normalized: 'other@example.org' }))
      .thenFails('INVALID_CODE');
  });

  it('given a pending change, when its code comes back on a claim no longer fresh, then CONFLICT', () => {
    given(accountDecider, [registered('h'), requested])
      .when(confirm({ reservedAt: T + 2_000 - EMAIL_CLAIM_FRESH_MS }))
      .thenFails('CONFLICT');
  });

  it('given a change done, when its code comes back again, then INVALID_CODE', () => {
    given(accountDecider, [registered('h'), requested, changed])
      .when(confirm())
      .thenFails('INVALID_CODE');
  });

  it('given an account without an address, when its first address is confirmed, then no undo link', () => {
    given(accountDecider, [registered(null, null), requested])
      .when(confirm())
      .then([
        {
          type: EmailChanged,
          data: {
            ...(changed.data as object),
            previousEmail: null,
            undoTokenHash: null,
            sealedUndoToken: null,
            undoUntil: null,
          } as never,
        },
      ]);
  });

  const undo = (tokenHash: string, at: number): AccountCommand => ({
    kind: 'undo-email-change',
    tokenHash,
    at,
  });

  it('given a change, when its undo link is followed within the window, then the old address is back, verified', () => {
    const state = given(accountDecider, [registered('h'), requested, changed])
      .when(undo('undo-hash', T + DAY))
      .then([
        {
          type: EmailChangeUndone,
          data: {
            userId: 'u1',
            email: 'Ada@Example.com',
            emailVerified: true,
            replacedEmail: 'New@Example.org',
            undoTokenHash: 'undo-hash',
            at: T + DAY,
          },
        },
      ]);
    expect(state).toMatchObject({ email: 'Ada@Example.com', emailVerified: true, emailUndos: [] });
  });

  it('given a change, when its undo link is followed after the window, then INVALID_CODE', () => {
    given(accountDecider, [registered('h'), requested, changed])
      .when(undo('undo-hash', T + 2_000 + 7 * DAY))
      .thenFails('INVALID_CODE');
  });

  it('given a change, when a wrong undo token is given, then INVALID_CODE', () => {
    given(accountDecider, [registered('h'), requested, changed])
      .when(undo('forged', T + DAY))
      .thenFails('INVALID_CODE');
  });

  it('given two changes in a row, when the first undo link is followed, then the first address is back and the second link is dead', () => {
    const second: AccountEvent = {
      type: EmailChanged,
      data: {
        ...(changed.data as object),
        email: 'Third@Example.net',
        previousEmail: 'New@Example.org',
        undoTokenHash: 'undo-2',
        changedAt: T + 3_000,
        undoUntil: T + 3_000 + 7 * DAY,
      } as never,
    };
    const history = [registered('h'), requested, changed, second];
    const state = given(accountDecider, history)
      .when(undo('undo-hash', T + DAY))
      .then([
        {
          type: EmailChangeUndone,
          data: {
            userId: 'u1',
            email: 'Ada@Example.com',
            emailVerified: true,
            replacedEmail: 'Third@Example.net',
            undoTokenHash: 'undo-hash',
            at: T + DAY,
          },
        },
      ]);
    given({ ...accountDecider, initialState: state })
      .when(undo('undo-2', T + DAY + 1))
      .thenFails('INVALID_CODE');
  });

  it('holds its address, and a previous one while its link is open (and a margin past it)', () => {
    const state = given(accountDecider, [registered('h'), requested, changed]).state;
    const until = T + 2_000 + 7 * DAY;
    expect(holdsEmail(state, 'new@example.org', T + 100 * DAY)).toBe(true);
    expect(holdsEmail(state, 'ada@example.com', until - 1)).toBe(true);
    expect(holdsEmail(state, 'ada@example.com', until + ABANDONED_RESERVATION_AFTER_MS - 1)).toBe(
      true,
    );
    expect(holdsEmail(state, 'ada@example.com', until + ABANDONED_RESERVATION_AFTER_MS)).toBe(
      false,
    );
    expect(holdsEmail(state, 'other@example.org', T)).toBe(false);
    expect(holdsEmail({ status: 'none' }, 'new@example.org', T)).toBe(false);
  });
});
