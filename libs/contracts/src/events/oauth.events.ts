/**
 * Sign-in providers (OAuth 2.0 / OpenID Connect) and the events that tie a provider's account
 * (its subject, the `sub` claim) to one of ours: the links on the `account-<userId>` stream, and
 * the uniqueness of a subject through an `oauth-<key>` stream per subject (the key a keyed hash
 * of provider and subject), as email addresses are unique through `email-<key>` streams.
 */

export type OAuthProvider = 'google' | 'apple' | 'facebook';
export const OAUTH_PROVIDERS: readonly OAuthProvider[] = ['google', 'apple', 'facebook'];

/** How a link came to be. */
export type OAuthLinkOrigin =
  /** The provider's first sign-in created the account. */
  | 'sign-up'
  /** The provider and the account both had the address verified: linked at sign-in. */
  | 'verified-email'
  /** A signed-in user linked the provider. */
  | 'signed-in';

export const AccountOAuthLinked = 'account.oauth-linked.v1';
export interface AccountOAuthLinkedData {
  userId: string;
  provider: OAuthProvider;
  /** The provider's stable id of its user (`sub`). */
  subject: string;
  /** The address the provider gave when linking, if any (an Apple relay address included). */
  email: string | null;
  /** Apple's "Hide My Email": the address is a per-app relay (`…@privaterelay.appleid.com`). */
  privateRelayEmail: boolean;
  origin: OAuthLinkOrigin;
  at: number;
}

export const AccountOAuthUnlinked = 'account.oauth-unlinked.v1';
export interface AccountOAuthUnlinkedData {
  userId: string;
  provider: OAuthProvider;
  subject: string;
  at: number;
}

export const OAuthSubjectReserved = 'oauth.subject-reserved.v1';
export interface OAuthSubjectReservedData {
  userId: string;
  /** `<provider>:<subject>`. */
  subject: string;
  reservedAt: number;
}

export const OAuthSubjectReleased = 'oauth.subject-released.v1';
export interface OAuthSubjectReleasedData {
  userId: string;
  /** `abandoned`: never linked (a crash between the appends); `unlinked`: the user removed it. */
  reason: 'abandoned' | 'changed' | 'deleted' | 'unlinked';
  releasedAt: number;
}

export type OAuthSubjectEvent =
  | { type: typeof OAuthSubjectReserved; data: OAuthSubjectReservedData }
  | { type: typeof OAuthSubjectReleased; data: OAuthSubjectReleasedData };
