import type { OAuthProvider } from '@tangle/contracts';

/** What a client hands over from a provider's sign-in. */
export interface OAuthCredentials {
  /** An OpenID Connect ID token (a JWT signed by the provider). */
  idToken: string | null;
  /** An OAuth access token; only Facebook's is accepted (checked with the Graph API). */
  accessToken: string | null;
}

/** Who the provider says its user is, from a token whose signature and claims checked out. */
export interface VerifiedOAuthIdentity {
  provider: OAuthProvider;
  /** The provider's stable id of its user (`sub`, Facebook's user id). */
  subject: string;
  email: string | null;
  /** True only when the provider asserted `email_verified` (true or "true"). */
  emailVerified: boolean;
  /** Apple's "Hide My Email" relay address. */
  privateRelayEmail: boolean;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  /** The token's `nonce` claim, null when it has none. */
  nonce: string | null;
  /** When the token stops being valid (unix ms). */
  expiresAt: number;
}

/**
 * Verifies what a provider issued: the ID token's signature against the provider's keys (JWKS,
 * cached), its issuer, audience (one of the configured client ids), expiry and issue time; or,
 * for Facebook, an access token through the Graph API's `debug_token`. Fails with
 * PROVIDER_NOT_CONFIGURED, INVALID_TOKEN (the message says which check failed) or
 * UNAVAILABLE (the provider's keys or API cannot be reached).
 */
export interface OAuthIdentityVerifier {
  isConfigured(provider: OAuthProvider): boolean;
  verify(provider: OAuthProvider, credentials: OAuthCredentials): Promise<VerifiedOAuthIdentity>;
}
export const OAUTH_IDENTITY_VERIFIER = Symbol('OAuthIdentityVerifier');
