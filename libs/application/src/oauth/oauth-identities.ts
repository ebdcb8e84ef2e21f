import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthError, type OAuthProvider } from '@tangle/contracts';
import {
  CLOCK,
  OAUTH_IDENTITY_VERIFIER,
  RATE_LIMIT_STORE,
  type Clock,
  type OAuthCredentials,
  type OAuthIdentityVerifier,
  type RateLimitStore,
  type VerifiedOAuthIdentity,
} from '../ports';

/** A used nonce is remembered until its token has expired, and this much longer (clock skew). */
const NONCE_SKEW_MS = 5 * 60_000;
const NONCE_MAX_MEMORY_MS = 7 * 86_400_000;

/**
 * Verified provider identities with the nonce rule on top of the verifier's checks: a token that
 * carries a nonce is accepted only with the nonce the client requested it with (the value
 * itself, or the value whose SHA-256 the token holds, as Apple's and Firebase's clients do),
 * and only once. Without that rule a stolen token would be accepted again by leaving out the
 * nonce. Used nonces are remembered in the rate-limit store (shared by every instance), until
 * their token has expired.
 */
@Injectable()
export class OAuthIdentities {
  constructor(
    @Inject(OAUTH_IDENTITY_VERIFIER) private readonly verifier: OAuthIdentityVerifier,
    @Inject(RATE_LIMIT_STORE) private readonly used: RateLimitStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Throws PROVIDER_NOT_CONFIGURED when the provider has no client ids. */
  assertConfigured(provider: OAuthProvider): void {
    if (!this.verifier.isConfigured(provider)) {
      throw new AuthError(
        'PROVIDER_NOT_CONFIGURED',
        `sign-in with ${provider} is not configured (OAUTH_${provider.toUpperCase()}_CLIENT_IDS)`,
      );
    }
  }

  async verify(
    provider: OAuthProvider,
    credentials: OAuthCredentials,
    clientNonce: string | null,
  ): Promise<VerifiedOAuthIdentity> {
    this.assertConfigured(provider);
    const identity = await this.verifier.verify(provider, credentials);
    if (identity.provider !== provider) throw new AuthError('INVALID_TOKEN', 'wrong provider');
    if (identity.nonce === null && clientNonce === null) return identity;
    if (identity.nonce === null) {
      throw new AuthError('INVALID_TOKEN', 'a nonce was sent but the token carries none');
    }
    if (clientNonce === null) {
      throw new AuthError('INVALID_TOKEN', 'the token carries a nonce: send the nonce as well');
    }
    if (!nonceMatches(identity.nonce, clientNonce)) {
      throw new AuthError('INVALID_TOKEN', 'the nonce does not match the token');
    }
    await this.consume(provider, identity.nonce, identity.expiresAt);
    return identity;
  }

  /** Marks the nonce used; a second use (in parallel too: the store counts atomically) fails. */
  private async consume(provider: OAuthProvider, nonce: string, expiresAt: number): Promise<void> {
    const now = this.clock.now();
    const memoryMs = Math.min(
      NONCE_MAX_MEMORY_MS,
      Math.max(NONCE_SKEW_MS, expiresAt - now + NONCE_SKEW_MS),
    );
    const key = `oauth-nonce:${provider}:${sha256(nonce).toString('hex')}`;
    const { count } = await this.used.hit(key, 1, memoryMs, now);
    if (count > 1) throw new AuthError('INVALID_TOKEN', 'the nonce has been used already');
  }
}

/** The token's nonce is the client's, or the SHA-256 (hex) of it; compared in constant time. */
export function nonceMatches(tokenNonce: string, clientNonce: string): boolean {
  const token = sha256(tokenNonce);
  const plain = timingSafeEqual(token, sha256(clientNonce));
  const hashed = timingSafeEqual(token, sha256(sha256(clientNonce).toString('hex')));
  return plain || hashed;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
