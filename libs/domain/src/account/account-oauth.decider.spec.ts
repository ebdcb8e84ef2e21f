import {
  AccountOAuthLinked,
  AccountOAuthUnlinked,
  AccountRegistered,
  EmailVerified,
  PasswordChanged,
  type AccountEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { accountDecider } from './account.decider';
import type { OAuthLinkInput } from './account-oauth';

const google: OAuthLinkInput = {
  provider: 'google',
  subject: 'g-1',
  email: 'ada@example.com',
  emailVerified: true,
  privateRelayEmail: false,
};

const registered = (passwordHash: string | null = '$argon2id$x'): AccountEvent => ({
  type: AccountRegistered,
  data: { userId: 'u1', name: 'Ada', email: 'Ada@Example.com', passwordHash, registeredAt: 1 },
});
const verified: AccountEvent = {
  type: EmailVerified,
  data: { userId: 'u1', email: 'Ada@Example.com', at: 2 },
};
const linked = (
  link: OAuthLinkInput,
  origin: 'sign-up' | 'verified-email' | 'signed-in',
): AccountEvent => ({
  type: AccountOAuthLinked,
  data: {
    userId: 'u1',
    provider: link.provider,
    subject: link.subject,
    email: link.email,
    privateRelayEmail: link.privateRelayEmail,
    origin,
    at: 5,
  },
});

describe('account decider: sign-in providers', () => {
  it('given nothing, when a provider opens the account with a verified address, then registered, verified and linked in one decision', () => {
    const state = given(accountDecider)
      .when({
        kind: 'register',
        userId: 'u1',
        name: 'Ada',
        email: 'ada@example.com',
        passwordHash: null,
        oauth: google,
        at: 5,
      })
      .then([
        {
          type: AccountRegistered,
          data: {
            userId: 'u1',
            name: 'Ada',
            email: 'ada@example.com',
            passwordHash: null,
            registeredAt: 5,
          },
        },
        { type: EmailVerified, data: { userId: 'u1', email: 'ada@example.com', at: 5 } },
        linked(google, 'sign-up'),
      ]);
    expect(state).toMatchObject({ emailVerified: true, oauthLinks: [{ subject: 'g-1' }] });
  });

  it('given nothing, when a provider opens the account with an unverified address, then the address stays unverified', () => {
    const link = { ...google, emailVerified: false };
    const state = given(accountDecider)
      .when({
        kind: 'register',
        userId: 'u1',
        name: 'Ada',
        email: 'ada@example.com',
        passwordHash: null,
        oauth: link,
        at: 5,
      })
      .then([
        expect.objectContaining({ type: AccountRegistered }) as AccountEvent,
        linked(link, 'sign-up'),
      ]);
    expect(state).toMatchObject({ emailVerified: false });
  });

  it('given a verified account, when a provider with the same verified address links, then linked', () => {
    given(accountDecider, [registered(), verified])
      .when({ kind: 'link-oauth', link: google, origin: 'verified-email', at: 5 })
      .then([linked(google, 'verified-email')]);
  });

  it('given an account whose address is not verified, when a provider links by address, then OAUTH_ACCOUNT_EXISTS', () => {
    given(accountDecider, [registered()])
      .when({ kind: 'link-oauth', link: google, origin: 'verified-email', at: 5 })
      .thenFails('OAUTH_ACCOUNT_EXISTS');
  });

  it('given a verified account, when a provider that does not assert the address verified links by address, then OAUTH_ACCOUNT_EXISTS', () => {
    given(accountDecider, [registered(), verified])
      .when({
        kind: 'link-oauth',
        link: { ...google, emailVerified: false },
        origin: 'verified-email',
        at: 5,
      })
      .thenFails('OAUTH_ACCOUNT_EXISTS');
  });

  it('given a verified account, when a provider links by another address, then OAUTH_ACCOUNT_EXISTS', () => {
    given(accountDecider, [registered(), verified])
      .when({
        kind: 'link-oauth',
        link: { ...google, email: 'someone@example.com' },
        origin: 'verified-email',
        at: 5,
      })
      .thenFails('OAUTH_ACCOUNT_EXISTS');
  });

  it('given a signed-in user, when they link a provider (any address), then linked; again: nothing', () => {
    const other = { ...google, email: 'ada@gmail.com', emailVerified: false };
    const history = [registered(), linked(other, 'signed-in')];
    given(accountDecider, [registered()])
      .when({ kind: 'link-oauth', link: other, origin: 'signed-in', at: 5 })
      .then([linked(other, 'signed-in')]);
    given(accountDecider, history)
      .when({ kind: 'link-oauth', link: other, origin: 'signed-in', at: 6 })
      .then([]);
  });

  it('given a linked provider, when another subject of the same provider links, then OAUTH_ALREADY_LINKED', () => {
    given(accountDecider, [registered(), linked(google, 'signed-in')])
      .when({
        kind: 'link-oauth',
        link: { ...google, subject: 'g-2' },
        origin: 'signed-in',
        at: 5,
      })
      .thenFails('OAUTH_ALREADY_LINKED', /unlink it first/);
  });

  it('given a password and a link, when unlinked, then account.oauth-unlinked with the subject', () => {
    const state = given(accountDecider, [registered(), linked(google, 'signed-in')])
      .when({ kind: 'unlink-oauth', provider: 'google', at: 9 })
      .then([
        {
          type: AccountOAuthUnlinked,
          data: { userId: 'u1', provider: 'google', subject: 'g-1', at: 9 },
        },
      ]);
    expect(state).toMatchObject({ oauthLinks: [] });
  });

  it('given a passwordless account with one link, when unlinked, then LAST_SIGN_IN_METHOD', () => {
    given(accountDecider, [registered(null), linked(google, 'sign-up')])
      .when({ kind: 'unlink-oauth', provider: 'google', at: 9 })
      .thenFails('LAST_SIGN_IN_METHOD');
  });

  it('given a passwordless account with two links, when one is unlinked, then unlinked; the other is then the last', () => {
    const apple: OAuthLinkInput = { ...google, provider: 'apple', subject: 'a-1' };
    const history = [registered(null), linked(google, 'sign-up'), linked(apple, 'signed-in')];
    const unlinked = given(accountDecider, history)
      .when({ kind: 'unlink-oauth', provider: 'google', at: 9 })
      .then([
        {
          type: AccountOAuthUnlinked,
          data: { userId: 'u1', provider: 'google', subject: 'g-1', at: 9 },
        },
      ]);
    expect(
      accountDecider.decide.bind(
        null,
        { kind: 'unlink-oauth', provider: 'apple', at: 10 },
        unlinked,
      ),
    ).toThrow(expect.objectContaining({ errorName: 'LAST_SIGN_IN_METHOD' }));
  });

  it('given a passwordless linked account that set a password, when unlinked, then unlinked', () => {
    const password: AccountEvent = {
      type: PasswordChanged,
      data: { userId: 'u1', passwordHash: '$argon2id$new', reason: 'change', changedAt: 7 },
    };
    given(accountDecider, [registered(null), linked(google, 'sign-up'), password])
      .when({ kind: 'unlink-oauth', provider: 'google', at: 9 })
      .then([expect.objectContaining({ type: AccountOAuthUnlinked }) as AccountEvent]);
  });

  it('given no link, when unlinked, then NOT_FOUND', () => {
    given(accountDecider, [registered()])
      .when({ kind: 'unlink-oauth', provider: 'apple', at: 9 })
      .thenFails('NOT_FOUND');
  });
});
