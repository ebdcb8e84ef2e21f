import type { AccessTokenClaims, AccessTokens, Clock, IssuedAccessToken } from '../ports';

const SHAPE = /^at\.([A-Za-z0-9_-]+)\.unsigned$/;

/**
 * Access tokens that tests can read: `at.<base64url claims>.unsigned`, valid until the clock
 * passes their expiry. Not a JWT and not signed: the application layer sees tokens only through
 * the port. Tests that want the real signer pass one to `applicationHarness` (libs/access-tokens
 * runs the harness over its JoseAccessTokens and an in-memory key ring).
 */
export class ReadableAccessTokens implements AccessTokens {
  private issued = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds = 3_600,
  ) {}

  async issue(subject: { userId: string; sessionId: string }): Promise<IssuedAccessToken> {
    const issuedAt = this.clock.now();
    const claims: AccessTokenClaims = {
      ...subject,
      tokenId: `token-${++this.issued}`,
      issuedAt,
      expiresAt: issuedAt + this.ttlSeconds * 1_000,
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return {
      token: `at.${body}.unsigned`,
      expiresIn: this.ttlSeconds,
      expiresAt: claims.expiresAt,
    };
  }

  looksLikeAccessToken(token: string): boolean {
    return typeof token === 'string' && SHAPE.test(token);
  }

  async verify(token: string): Promise<AccessTokenClaims | null> {
    const body = typeof token === 'string' ? SHAPE.exec(token)?.[1] : undefined;
    if (body === undefined) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as AccessTokenClaims;
      return this.clock.now() < claims.expiresAt ? claims : null;
    } catch {
      return null;
    }
  }

  async publicKeys() {
    return { keys: [] };
  }
}
