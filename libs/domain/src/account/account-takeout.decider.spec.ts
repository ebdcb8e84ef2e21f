import { AccountRegistered, TakeoutRequested, type AccountEvent } from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider, currentTakeout } from './account.decider';
import { TAKEOUT_COOLDOWN_MS, TAKEOUT_LINK_TTL_MS } from './account-takeout';

const T = 1_000_000;
const registered = (email: string | null = 'ada@example.com'): AccountEvent => ({
  type: AccountRegistered,
  data: { userId: 'u1', name: 'Ada', email, passwordHash: null, registeredAt: 0 },
});
const request = (tokenHash: string, at: number) =>
  ({
    kind: 'request-takeout',
    tokenHash,
    sealedToken: `sealed-${tokenHash}`,
    locale: 'en',
    at,
  }) as const;
const requested = (tokenHash: string, at: number): AccountEvent => ({
  type: TakeoutRequested,
  data: {
    userId: 'u1',
    email: 'ada@example.com',
    tokenHash,
    sealedToken: `sealed-${tokenHash}`,
    requestedAt: at,
    expiresAt: at + TAKEOUT_LINK_TTL_MS,
    locale: 'en',
  },
});

describe('account decider: takeout', () => {
  it('given an account with an address, when an export is asked for, then its link is the pending one until it expires', () => {
    const state = given(accountDecider, [registered()])
      .when(request('h1', T))
      .then([requested('h1', T)]);
    expect(currentTakeout(state, T + TAKEOUT_LINK_TTL_MS - 1)).toEqual({
      tokenHash: 'h1',
      expiresAt: T + TAKEOUT_LINK_TTL_MS,
    });
    expect(currentTakeout(state, T + TAKEOUT_LINK_TTL_MS)).toBeNull();
  });

  it('given an export asked for a moment ago, when another is asked for, then it is refused with the wait', () => {
    given(accountDecider, [registered(), requested('h1', T)])
      .when(request('h2', T + TAKEOUT_COOLDOWN_MS - 1))
      .thenFails('RATE_LIMIT_EXCEEDED', /wait 1 s/);
  });

  it('given an earlier export, when another is asked for after the wait, then the new link replaces the old', () => {
    const state = given(accountDecider, [registered(), requested('h1', T)])
      .when(request('h2', T + TAKEOUT_COOLDOWN_MS))
      .then([requested('h2', T + TAKEOUT_COOLDOWN_MS)]);
    expect(currentTakeout(state, T + TAKEOUT_COOLDOWN_MS)?.tokenHash).toBe('h2');
  });

  it('given two exports of the day, when a third comes after one wait, then it must wait twice as long', () => {
    given(accountDecider, [
      registered(),
      requested('h1', T),
      requested('h2', T + TAKEOUT_COOLDOWN_MS),
    ])
      .when(request('h3', T + 2 * TAKEOUT_COOLDOWN_MS))
      .thenFails('RATE_LIMIT_EXCEEDED');
  });

  it('given an account without an address, when an export is asked for, then it is refused', () => {
    given(accountDecider, [registered(null)])
      .when(request('h1', T))
      .thenFails('INVALID_ARGUMENT', /no email address/);
  });

  it('given no account, then there is no takeout link', () => {
    expect(currentTakeout({ status: 'none' }, T)).toBeNull();
  });
});
