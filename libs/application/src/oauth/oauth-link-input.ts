import type { OAuthLinkInput } from '@tangle/domain';
import type { VerifiedOAuthIdentity } from '../ports';

/** The link a verified identity makes; `email` as the account records it when it has one. */
export function oauthLinkInput(
  identity: VerifiedOAuthIdentity,
  email: string | null = identity.email,
): OAuthLinkInput {
  return {
    provider: identity.provider,
    subject: identity.subject,
    email,
    emailVerified: identity.emailVerified,
    privateRelayEmail: identity.privateRelayEmail,
  };
}
