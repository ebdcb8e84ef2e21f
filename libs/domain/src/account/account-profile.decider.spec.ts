import { AccountRegistered, AccountSessionLinked, type AccountEvent } from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import type { AccountProfileInput } from './account-profile';
import { accountDecider, type AccountCommand } from './account.decider';

const register = (profile?: AccountProfileInput): AccountCommand => ({
  kind: 'register',
  userId: 'u1',
  name: 'Ahmed Mohamed',
  email: 'ahmed@example.com',
  passwordHash: '$argon2id$h',
  ...(profile ? { profile } : {}),
  at: 1,
});

/** An account.registered event as written before accounts had profiles. */
const registeredBeforeProfiles: AccountEvent = {
  type: AccountRegistered,
  data: {
    userId: 'u1',
    name: 'Ada',
    email: 'ada@example.com',
    passwordHash: null,
    registeredAt: 1,
  },
};

const linked = (sessionId: string, at: number): AccountEvent => ({
  type: AccountSessionLinked,
  data: { userId: 'u1', sessionId, at },
});

describe('account decider: profile', () => {
  it('given nothing, when registered with a profile, then account.registered carries it trimmed', () => {
    const state = given(accountDecider)
      .when(
        register({
          firstName: ' Ahmed ',
          lastName: 'Mohamed',
          phone: '+201234567890',
          accountType: 'business',
          referralCode: ' FRIEND-2025_a ',
        }),
      )
      .then([
        {
          type: AccountRegistered,
          data: {
            userId: 'u1',
            name: 'Ahmed Mohamed',
            email: 'ahmed@example.com',
            passwordHash: '$argon2id$h',
            firstName: 'Ahmed',
            lastName: 'Mohamed',
            phone: '+201234567890',
            accountType: 'business',
            referralCode: 'FRIEND-2025_a',
            registeredAt: 1,
          },
        },
      ]);
    expect(state).toMatchObject({
      status: 'registered',
      profile: {
        firstName: 'Ahmed',
        lastName: 'Mohamed',
        phone: '+201234567890',
        accountType: 'business',
        referralCode: 'FRIEND-2025_a',
      },
      lastLoginAt: null,
    });
  });

  it('given nothing, when registered with names only, then an individual account without phone or referral code', () => {
    given(accountDecider)
      .when(register({ firstName: 'Ahmed', lastName: 'Mohamed', phone: '', referralCode: '  ' }))
      .then([
        {
          type: AccountRegistered,
          data: {
            userId: 'u1',
            name: 'Ahmed Mohamed',
            email: 'ahmed@example.com',
            passwordHash: '$argon2id$h',
            firstName: 'Ahmed',
            lastName: 'Mohamed',
            phone: null,
            accountType: 'individual',
            referralCode: null,
            registeredAt: 1,
          },
        },
      ]);
  });

  it('given nothing, when registered without a profile, then the event has no profile fields', () => {
    const [event] = accountDecider.decide(register(), accountDecider.initialState);
    expect(Object.keys(event.data).sort()).toEqual(
      ['email', 'name', 'passwordHash', 'registeredAt', 'userId'].sort(),
    );
  });

  it('given an account.registered from before profiles, then the state has the default profile', () => {
    const { state } = given(accountDecider, [registeredBeforeProfiles]);
    expect(state).toMatchObject({
      status: 'registered',
      name: 'Ada',
      profile: {
        firstName: null,
        lastName: null,
        phone: null,
        accountType: 'individual',
        referralCode: null,
      },
      lastLoginAt: null,
    });
  });

  it.each<[string, AccountProfileInput, RegExp]>([
    ['a blank first name', { firstName: '   ' }, /^firstName must not be empty$/],
    ['an empty last name', { lastName: '' }, /^lastName must not be empty$/],
    [
      'a first name over 64 characters',
      { firstName: 'A'.repeat(65) },
      /^firstName must be at most 64 characters$/,
    ],
    [
      'a last name with a line break',
      { lastName: 'Mo\nhamed' },
      /^lastName must not contain .*U\+000A/,
    ],
    [
      'a first name with a bidi override',
      { firstName: 'Ahmed\u202e' },
      /^firstName must not contain .*U\+202E/,
    ],
    ['a national phone number', { phone: '01234567890' }, /^phone must be in E\.164 format/],
    [
      'a phone number with spaces',
      { phone: '+20 123 456 7890' },
      /^phone must be in E\.164 format/,
    ],
    [
      'a phone number of 16 digits',
      { phone: '+1234567890123456' },
      /^phone must be in E\.164 format/,
    ],
    [
      'an unknown account type',
      { accountType: 'enterprise' },
      /^accountType must be one of 'individual', 'business'$/,
    ],
    ['an account type in capitals', { accountType: 'Business' }, /^accountType must be one of/],
    [
      'a referral code of 33 characters',
      { referralCode: 'R'.repeat(33) },
      /^referralCode must be at most 32 characters$/,
    ],
    [
      'a referral code with a slash',
      { referralCode: 'a/b' },
      /^referralCode may hold only letters/,
    ],
    [
      'a referral code with a space inside',
      { referralCode: 'FRIEND 1' },
      /^referralCode may hold only letters/,
    ],
  ])(
    'given nothing, when registered with %s, then INVALID_ARGUMENT naming the field',
    (_, profile, detail) => {
      given(accountDecider).when(register(profile)).thenFails('INVALID_ARGUMENT', detail);
    },
  );

  it('given nothing, when registered with names in any script at the length limit, then they are kept', () => {
    const lastName = 'م'.repeat(64);
    const [event] = accountDecider.decide(
      register({ firstName: 'أحمد', lastName }),
      accountDecider.initialState,
    );
    expect(event.data).toMatchObject({ firstName: 'أحمد', lastName });
  });
});

describe('account decider: last login', () => {
  it('given a registered account, when a session is linked, then lastLoginAt is its time', () => {
    const state = given(accountDecider, [registeredBeforeProfiles])
      .when({
        kind: 'link-session',
        sessionId: 's1',
        verifiedPasswordHash: null,
        secondFactor: null,
        at: 500,
      })
      .then([linked('s1', 500)]);
    expect(state).toMatchObject({ lastLoginAt: 500 });
  });

  it('given several sessions, then lastLoginAt is the newest, even when an older time comes last', () => {
    const { state } = given(accountDecider, [
      registeredBeforeProfiles,
      linked('s1', 500),
      linked('s2', 900),
      // Written by a node whose clock is behind.
      linked('s3', 800),
    ]);
    expect(state).toMatchObject({
      lastLoginAt: 900,
      activeSessions: expect.objectContaining({
        ends: new Map([
          ['s1', null],
          ['s2', null],
          ['s3', null],
        ]),
      }),
    });
  });
});
