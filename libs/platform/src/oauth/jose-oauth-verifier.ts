import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthError, type OAuthProvider } from '@tangle/contracts';
import type {
  OAuthCredentials,
  OAuthIdentityVerifier,
  VerifiedOAuthIdentity,
} from '@tangle/application';
import { FacebookGraph } from './facebook-graph';
import { identityFromClaims } from './id-token-claims';
import type { OAuthProviderSettings, OAuthSettings } from './oauth-provider-settings';

/** Provider ID tokens are RSA or EC signed; `none`, HMAC and the rest are refused. */
const ALGORITHMS = ['RS256', 'ES256'];

/**
 * Verifies provider ID tokens offline with jose: the signature against the provider's key set
 * (fetched once, kept `jwksCacheMaxAgeMs`, fetched again for an unknown `kid` at most once per
 * `jwksCooldownMs`, so a rotation is picked up and a stranger's random `kid`s cannot make us
 * hammer the provider), then `iss`, `aud` (any configured client id), `exp` and `iat`. The
 * nonce is checked above this, where it is also remembered (OAuthIdentities).
 */
export class JoseOAuthVerifier implements OAuthIdentityVerifier {
  private readonly keySets = new Map<OAuthProvider, JWTVerifyGetKey>();
  private readonly graph: FacebookGraph;

  constructor(private readonly settings: OAuthSettings) {
    this.graph = new FacebookGraph(settings.facebook, settings.fetchTimeoutMs);
  }

  isConfigured(provider: OAuthProvider): boolean {
    return this.settings[provider].clientIds.length > 0;
  }

  async verify(
    provider: OAuthProvider,
    credentials: OAuthCredentials,
  ): Promise<VerifiedOAuthIdentity> {
    if (!this.isConfigured(provider)) {
      throw new AuthError('PROVIDER_NOT_CONFIGURED', `sign-in with ${provider} is not configured`);
    }
    if (credentials.idToken) return this.verifyIdToken(provider, credentials.idToken);
    if (provider === 'facebook' && credentials.accessToken) {
      return this.graph.verifyAccessToken(credentials.accessToken);
    }
    throw new AuthError('INVALID_ARGUMENT', `send the idToken ${provider} issued`);
  }

  private async verifyIdToken(
    provider: OAuthProvider,
    idToken: string,
  ): Promise<VerifiedOAuthIdentity> {
    const settings = this.settings[provider];
    try {
      const { payload } = await jwtVerify(idToken, this.keySet(provider, settings), {
        issuer: settings.issuers,
        audience: settings.clientIds,
        algorithms: ALGORITHMS,
        clockTolerance: this.settings.clockToleranceSeconds,
        maxTokenAge: this.settings.maxTokenAgeSeconds,
        requiredClaims: ['sub', 'iat', 'exp'],
      });
      return identityFromClaims(provider, payload);
    } catch (error) {
      throw refusal(error);
    }
  }

  private keySet(provider: OAuthProvider, settings: OAuthProviderSettings): JWTVerifyGetKey {
    let keys = this.keySets.get(provider);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(settings.jwksUrl), {
        cooldownDuration: this.settings.jwksCooldownMs,
        cacheMaxAge: this.settings.jwksCacheMaxAgeMs,
        timeoutDuration: this.settings.fetchTimeoutMs,
      });
      this.keySets.set(provider, keys);
    }
    return keys;
  }
}

/** A jose failure as the catalogue's answer: INVALID_TOKEN saying which check failed. */
function refusal(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (error instanceof errors.JWTExpired) {
    // maxTokenAge is reported as an expiry of `iat`.
    return new AuthError(
      'INVALID_TOKEN',
      error.claim === 'iat'
        ? 'the token was issued in the future or too long ago'
        : 'the token has expired',
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const what: Record<string, string> = {
      iss: 'the token was issued by another issuer',
      aud: 'the token was issued for another client',
      iat: 'the token was issued in the future or too long ago',
      nbf: 'the token is not valid yet',
    };
    return new AuthError(
      'INVALID_TOKEN',
      what[error.claim] ?? `the token's ${error.claim} claim is invalid`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthError('INVALID_TOKEN', 'the token signature does not verify');
  }
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return new AuthError('INVALID_TOKEN', "the token's key is not among the provider's keys");
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthError('INVALID_TOKEN', 'the token is signed with an algorithm not accepted');
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AuthError('UNAVAILABLE', "the provider's signing keys could not be fetched");
  }
  // A generic jose error is the key set's HTTP answer (not 200, not JSON).
  if (error instanceof errors.JOSEError && error.code === errors.JOSEError.code) {
    return new AuthError('UNAVAILABLE', "the provider's signing keys could not be fetched");
  }
  if (error instanceof errors.JOSEError) {
    return new AuthError('INVALID_TOKEN', 'the token is malformed');
  }
  // fetch failures (connection refused, DNS): the provider's key set is out of reach.
  return new AuthError('UNAVAILABLE', "the provider's signing keys could not be fetched");
}
