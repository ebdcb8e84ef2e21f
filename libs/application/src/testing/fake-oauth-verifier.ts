import { AuthError, type OAuthProvider } from '@tangle/contracts';
import type {
  OAuthCredentials,
  OAuthIdentityVerifier,
  VerifiedOAuthIdentity,
} from '../ports/oauth.ports';

/**
 * The OAuthIdentityVerifier port over a table of tokens the test issued: a token it did not
 * issue is INVALID_TOKEN. The real verifier (signatures, JWKS, claims) is @tangle/platform's
 * JoseOAuthVerifier, tested against a local identity provider.
 */
export class TokenTableVerifier implements OAuthIdentityVerifier {
  private readonly tokens = new Map<string, VerifiedOAuthIdentity>();
  private issued = 0;

  constructor(readonly configured: readonly OAuthProvider[] = ['google', 'apple', 'facebook']) {}

  /** A token for an identity: Google's `g-1` with a verified address unless told otherwise. */
  issue(identity: Partial<VerifiedOAuthIdentity> = {}): string {
    const token = `id-token-${++this.issued}`;
    this.tokens.set(token, {
      provider: 'google',
      subject: 'g-1',
      email: 'ada@example.com',
      emailVerified: true,
      privateRelayEmail: false,
      name: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      nonce: null,
      expiresAt: Date.now() + 3_600_000,
      ...identity,
    });
    return token;
  }

  isConfigured(provider: OAuthProvider): boolean {
    return this.configured.includes(provider);
  }

  async verify(
    provider: OAuthProvider,
    credentials: OAuthCredentials,
  ): Promise<VerifiedOAuthIdentity> {
    await new Promise((resolve) => setImmediate(resolve));
    const identity = this.tokens.get(credentials.idToken ?? credentials.accessToken ?? '');
    if (!identity || identity.provider !== provider) throw new AuthError('INVALID_TOKEN');
    return identity;
  }
}
