import type { OAuthProvider } from '@tangle/contracts';
import { normalizeAccountProfile, normalizeDisplayName, type AccountProfile } from '@tangle/domain';
import type { VerifiedOAuthIdentity } from '../ports';

const PROVIDER_NAMES: Record<OAuthProvider, string> = {
  google: 'Google',
  apple: 'Apple',
  facebook: 'Facebook',
};

/** What a new account is called and its first and last name, from the claims and the client. */
export interface OAuthAccountNames {
  name: string;
  /** Null when neither a first nor a last name is known (or they break the name rules). */
  profile: AccountProfile | null;
}

/**
 * Names for an account a provider's first sign-in opens. Apple gives the user's name only once,
 * to the app, on the first authorization (never in the ID token): the client sends it as
 * `firstName` / `lastName`, and it wins over the claims. Then the token's `name`, its given and
 * family names, the local part of a (not relayed) address, and last "<Provider> user". A name
 * that breaks the display-name rules (too long, control characters) is skipped, not refused:
 * the user did not type it here.
 */
export function oauthAccountNames(
  identity: VerifiedOAuthIdentity,
  client: { firstName: string | null; lastName: string | null },
): OAuthAccountNames {
  const first = client.firstName ?? identity.givenName;
  const last = client.lastName ?? identity.familyName;
  const profile = profileOf(first, last);
  const candidates = [
    client.firstName !== null || client.lastName !== null
      ? [client.firstName, client.lastName].filter(Boolean).join(' ')
      : null,
    identity.name,
    [identity.givenName, identity.familyName].filter(Boolean).join(' '),
    identity.email && !identity.privateRelayEmail ? identity.email.split('@')[0] : null,
  ];
  for (const candidate of candidates) {
    const name = displayName(candidate);
    if (name !== null) return { name, profile };
  }
  return { name: `${PROVIDER_NAMES[identity.provider]} user`, profile };
}

function displayName(candidate: string | null): string | null {
  if (!candidate?.trim()) return null;
  try {
    return normalizeDisplayName(candidate);
  } catch {
    return null;
  }
}

function profileOf(first: string | null, last: string | null): AccountProfile | null {
  if (!first?.trim() && !last?.trim()) return null;
  try {
    return normalizeAccountProfile({
      firstName: first?.trim() ? first : null,
      lastName: last?.trim() ? last : null,
    });
  } catch {
    return null;
  }
}
