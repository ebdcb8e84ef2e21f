import {
  AccountOAuthLinked,
  AccountOAuthUnlinked,
  AuthError,
  type AccountEvent,
  type OAuthLinkOrigin,
  type OAuthProvider,
} from '@tangle/contracts';
import { parseEmailAddress } from '../email/email-address';

/** A provider account linked to ours. */
export interface OAuthLink {
  provider: OAuthProvider;
  subject: string;
  email: string | null;
  privateRelayEmail: boolean;
  linkedAt: number;
}

/** What a provider said about its user, as the link records it. */
export interface OAuthLinkInput {
  provider: OAuthProvider;
  subject: string;
  email: string | null;
  /** Whether the provider asserted `email_verified` for `email`. */
  emailVerified: boolean;
  privateRelayEmail: boolean;
}

/** The parts of the account state the link rules read. */
export interface OAuthLinkable {
  userId: string;
  email: string | null;
  emailVerified: boolean;
  passwordHash: string | null;
  oauthLinks: readonly OAuthLink[];
}

/**
 * How many ways the account has to sign in by itself: its password and each provider link.
 * (A mailed code or link only recovers an account; it is not counted.)
 */
export function signInWays(account: OAuthLinkable): number {
  return (account.passwordHash === null ? 0 : 1) + account.oauthLinks.length;
}

export function hasOAuthLink(
  account: Pick<OAuthLinkable, 'oauthLinks'>,
  provider: OAuthProvider,
  subject: string,
): boolean {
  return account.oauthLinks.some((link) => link.provider === provider && link.subject === subject);
}

/**
 * Links a provider account. Linked already: nothing. A link for the same provider with another
 * subject: refused (unlink it first). By a matching email (`verified-email`): only when the
 * provider asserted the address verified AND the account's own address is verified and the
 * same, else OAUTH_ACCOUNT_EXISTS: whoever merely typed an address somewhere must not get in.
 */
export function decideOAuthLink(
  account: OAuthLinkable,
  link: OAuthLinkInput,
  origin: OAuthLinkOrigin,
  at: number,
): AccountEvent[] {
  if (hasOAuthLink(account, link.provider, link.subject)) return [];
  if (origin === 'verified-email' && !emailsVerifiedAlike(account, link)) {
    throw new AuthError('OAUTH_ACCOUNT_EXISTS');
  }
  if (account.oauthLinks.some((existing) => existing.provider === link.provider)) {
    throw new AuthError(
      'OAUTH_ALREADY_LINKED',
      `the account is linked to another ${link.provider} account: unlink it first`,
    );
  }
  return [linkedEvent(account.userId, link, origin, at)];
}

/** Unlinks a provider; refused when it is the account's last way to sign in. */
export function decideOAuthUnlink(
  account: OAuthLinkable,
  provider: OAuthProvider,
  at: number,
): AccountEvent[] {
  const link = account.oauthLinks.find((existing) => existing.provider === provider);
  if (!link) throw new AuthError('NOT_FOUND', `no ${provider} account is linked`);
  if (signInWays(account) <= 1) {
    throw new AuthError(
      'LAST_SIGN_IN_METHOD',
      `${provider} is the account's only way to sign in: set a password or link another provider first`,
    );
  }
  return [
    {
      type: AccountOAuthUnlinked,
      data: { userId: account.userId, provider, subject: link.subject, at },
    },
  ];
}

export function linkedEvent(
  userId: string,
  link: OAuthLinkInput,
  origin: OAuthLinkOrigin,
  at: number,
): AccountEvent {
  return {
    type: AccountOAuthLinked,
    data: {
      userId,
      provider: link.provider,
      subject: link.subject,
      email: link.email,
      privateRelayEmail: link.privateRelayEmail,
      origin,
      at,
    },
  };
}

function emailsVerifiedAlike(account: OAuthLinkable, link: OAuthLinkInput): boolean {
  if (!link.emailVerified || !account.emailVerified) return false;
  if (account.email === null || link.email === null) return false;
  try {
    return parseEmailAddress(account.email).normalized === parseEmailAddress(link.email).normalized;
  } catch {
    return false;
  }
}
