import { AccountLoginLinkRequested, AccountRegistered, type AccountEvent } from '@tangle/contracts';
import { LOGIN_LINK_TTL_MS } from '../login/email-link-login.decider';
import { given } from '../testing/given-when-then';
import { accountDecider, currentLoginLink } from './account.decider';
import { CODE_COOLDOWN_MS } from './one-time-codes';

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
const linkRequested = (authId: string, at: number): AccountEvent => ({
  type: AccountLoginLinkRequested,
  data: { userId: 'u1', authId, requestedAt: at, expiresAt: at + LOGIN_LINK_TTL_MS },
});

describe('account decider: email-link logins', () => {
  it('given an account with an address, when a login link is requested, then it is recorded as the current one', () => {
    const state = given(accountDecider, [registered])
      .when({ kind: 'request-login-link', authId: 'a1', at: T })
      .then([linkRequested('a1', T)]);
    expect(currentLoginLink(state)).toBe('a1');
  });

  it('given a link requested a moment ago, when another is requested, then nothing (a silent refusal)', () => {
    given(accountDecider, [registered, linkRequested('a1', T)])
      .when({ kind: 'request-login-link', authId: 'a2', at: T + CODE_COOLDOWN_MS - 1 })
      .then([]);
  });

  it('given a link requested before the cooldown, when another is requested, then the new one supersedes it', () => {
    const state = given(accountDecider, [registered, linkRequested('a1', T)])
      .when({ kind: 'request-login-link', authId: 'a2', at: T + CODE_COOLDOWN_MS })
      .then([linkRequested('a2', T + CODE_COOLDOWN_MS)]);
    expect(currentLoginLink(state)).toBe('a2');
  });

  it('honours a configured cooldown', () => {
    given(accountDecider, [registered, linkRequested('a1', T)])
      .when({ kind: 'request-login-link', authId: 'a2', at: T + 10, cooldownMs: 10 })
      .then([linkRequested('a2', T + 10)]);
  });

  it('given an account without an address, when a link is requested, then nothing', () => {
    given(accountDecider, [{ ...registered, data: { ...registered.data, email: null } }])
      .when({ kind: 'request-login-link', authId: 'a1', at: T })
      .then([]);
  });

  it('given no account, when a link is requested, then NOT_FOUND', () => {
    given(accountDecider)
      .when({ kind: 'request-login-link', authId: 'a1', at: T })
      .thenFails('NOT_FOUND');
  });

  it('has no current link before the first request', () => {
    expect(currentLoginLink(given(accountDecider, [registered]).state)).toBeNull();
    expect(currentLoginLink(given(accountDecider).state)).toBeNull();
  });
});
