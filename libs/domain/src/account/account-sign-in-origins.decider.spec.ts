import { AccountRegistered, AccountSessionLinked, type AccountEvent } from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider } from './account.decider';
import { KNOWN_SIGN_IN_ORIGINS, signInOriginKey } from './sign-in-devices';

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

interface Origin {
  deviceType: string;
  deviceVersion: string;
  country: string | null;
  region: string | null;
}

const laptopInGermany: Origin = {
  deviceType: 'desktop',
  deviceVersion: 'Firefox 140 on Linux',
  country: 'DE',
  region: 'BE',
};

const linked = (
  sessionId: string,
  at: number,
  origin: Partial<Origin> = laptopInGermany,
  newSignIn = false,
): AccountEvent => ({
  type: AccountSessionLinked,
  data: {
    userId: 'u1',
    sessionId,
    at,
    ...laptopInGermany,
    ...origin,
    ...(newSignIn ? { newSignIn: true } : {}),
  },
});

const link = (sessionId: string, at: number, origin = laptopInGermany, notify = true) =>
  ({
    kind: 'link-session',
    sessionId,
    verifiedPasswordHash: null,
    origin: { ...origin, notify },
    at,
  }) as const;

/** Distinct names without digits (digits are version numbers, dropped from the class). */
const letters = (n: number): string =>
  String.fromCharCode(97 + (n % 26)) + String.fromCharCode(97 + Math.floor(n / 26));

describe('account decider: new-sign-in notices', () => {
  it('given a new account, when its first session is linked, then it is not a new sign-in', () => {
    const state = given(accountDecider, [registered])
      .when(link('s1', 1))
      .then([linked('s1', 1)]);
    expect(state).toMatchObject({ knownSignInOrigins: ['desktop|firefox on linux|DE'] });
  });

  it('given a known device in a known country, when it signs in again (a newer version), then no notice', () => {
    given(accountDecider, [registered, linked('s1', 1)])
      .when(link('s2', 2, { ...laptopInGermany, deviceVersion: 'Firefox 141.0.2 on Linux' }))
      .then([linked('s2', 2, { deviceVersion: 'Firefox 141.0.2 on Linux' })]);
  });

  it('given a known device, when it signs in from another country, then a new sign-in', () => {
    given(accountDecider, [registered, linked('s1', 1)])
      .when(link('s2', 2, { ...laptopInGermany, country: 'BR', region: null }))
      .then([linked('s2', 2, { country: 'BR', region: null }, true)]);
  });

  it('given a known country, when another kind of device signs in, then a new sign-in', () => {
    const phone = { ...laptopInGermany, deviceType: 'mobile', deviceVersion: 'iPhone' };
    given(accountDecider, [registered, linked('s1', 1)])
      .when(link('s2', 2, phone))
      .then([linked('s2', 2, phone, true)]);
  });

  it('given a new origin, when notices are off, then the origin is recorded without a notice', () => {
    const elsewhere = { ...laptopInGermany, country: 'FR', region: null };
    const state = given(accountDecider, [registered, linked('s1', 1)])
      .when(link('s2', 2, elsewhere, false))
      .then([linked('s2', 2, elsewhere)]);
    expect(state).toMatchObject({
      knownSignInOrigins: ['desktop|firefox on linux|DE', 'desktop|firefox on linux|FR'],
    });
  });

  it('given sessions linked before origins were recorded, when the first one with an origin is linked, then no notice', () => {
    const legacy: AccountEvent = {
      type: AccountSessionLinked,
      data: { userId: 'u1', sessionId: 's0', at: 1 },
    };
    given(accountDecider, [registered, legacy])
      .when(link('s1', 2))
      .then([linked('s1', 2)]);
  });

  it('given a session already linked, when the link is retried, then nothing', () => {
    given(accountDecider, [registered, linked('s1', 1)])
      .when(link('s1', 2, { ...laptopInGermany, country: 'BR' }))
      .then([]);
  });

  it('given an origin seen, when it comes back, then it is known until it is the least recent of too many', () => {
    const history = [registered, linked('s0', 0)];
    for (let i = 1; i <= KNOWN_SIGN_IN_ORIGINS; i++) {
      history.push(linked(`s${i}`, i, { deviceVersion: `Browser ${letters(i)}` }));
    }
    const { state } = given(accountDecider, history);
    expect(state).toMatchObject({ knownSignInOrigins: expect.any(Array) });
    const known = (state as unknown as { knownSignInOrigins: string[] }).knownSignInOrigins;
    expect(known).toHaveLength(KNOWN_SIGN_IN_ORIGINS);
    expect(known).not.toContain(signInOriginKey(laptopInGermany));
    given(accountDecider, history)
      .when(link('s99', 99))
      .then([linked('s99', 99, laptopInGermany, true)]);
  });
});

describe('signInOriginKey', () => {
  it('drops version numbers and case, keeps the device type and the country', () => {
    expect(
      signInOriginKey({ deviceType: 'Desktop', deviceVersion: 'Linux 6.8.0-45', country: 'de' }),
    ).toBe('desktop|linux|DE');
    expect(signInOriginKey({ deviceType: 'web', deviceVersion: 'curl', country: null })).toBe(
      'web|curl|',
    );
  });
});
