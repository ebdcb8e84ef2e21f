import type { JWTPayload } from 'jose';
import { AuthError, type OAuthProvider } from '@tangle/contracts';
import type { VerifiedOAuthIdentity } from '@tangle/application';

/** Apple's "Hide My Email" relay domain. */
const APPLE_RELAY_DOMAIN = '@privaterelay.appleid.com';
const MAX_SUBJECT_LENGTH = 255;

/**
 * The identity in a verified ID token's claims. Apple writes booleans as strings ("true");
 * only an explicit true counts as verified. Names and addresses that are not strings are
 * ignored, a missing or oversized `sub` refuses the token.
 */
export function identityFromClaims(
  provider: OAuthProvider,
  payload: JWTPayload,
): VerifiedOAuthIdentity {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) {
    throw new AuthError('INVALID_TOKEN', 'the token has no usable subject');
  }
  const email = text(payload.email);
  return {
    provider,
    subject,
    email,
    emailVerified: email !== null && flag(payload.email_verified),
    privateRelayEmail:
      email !== null &&
      (flag(payload.is_private_email) || email.toLowerCase().endsWith(APPLE_RELAY_DOMAIN)),
    name: text(payload.name),
    givenName: text(payload.given_name),
    familyName: text(payload.family_name),
    nonce: text(payload.nonce),
    expiresAt: (payload.exp ?? 0) * 1000,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 1024 ? value : null;
}

function flag(value: unknown): boolean {
  return value === true || value === 'true';
}
