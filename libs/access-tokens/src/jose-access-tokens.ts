import { randomBytes } from 'node:crypto';
import type {
  AccessTokenClaims,
  AccessTokens,
  Clock,
  IssuedAccessToken,
  PublicKeySet,
} from '@tangle/application';
import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose';
import type { AccessTokenSettings } from './access-token-settings';
import type { SigningKeyRing } from './signing-key-ring';

/** RFC 9068's media type for JWT access tokens, in the short form the header carries. */
export const ACCESS_TOKEN_TYP = 'at+jwt';
/**
 * Longest token looked at: ours are about 400 characters; anything much longer is refused
 * before it is split, decoded or parsed.
 */
export const MAX_ACCESS_TOKEN_LENGTH = 2_048;
/** The only header parameters our tokens carry; any other (jku, x5u, jwk, x5c, crit, b64…) is refused. */
const HEADER_PARAMETERS = new Set(['alg', 'kid', 'typ']);
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const KID_SHAPE = /^\d{1,4}h\.\d{1,10}\.\d{1,6}$/;
/** Snowflake ids as decimal strings. */
const ID_SHAPE = /^[1-9]\d{0,19}$/;
const JTI_BYTES = 16;
const JTI_SHAPE = /^[A-Za-z0-9_-]{22}$/;

/**
 * Access tokens as EdDSA (Ed25519) JWTs signed with the key ring's current key: header
 * `{ alg: 'EdDSA', kid, typ: 'at+jwt' }`, claims `iss`, `aud`, `sub` (user id), `sid`
 * (session id), `jti` (128 random bits), `iat`, `exp`. Verification uses only keys of the
 * local ring, looked up by kid, and answers null for anything it refuses.
 */
export class JoseAccessTokens implements AccessTokens {
  constructor(
    private readonly ring: SigningKeyRing,
    private readonly clock: Clock,
    private readonly settings: AccessTokenSettings,
  ) {}

  async issue(subject: { userId: string; sessionId: string }): Promise<IssuedAccessToken> {
    if (!ID_SHAPE.test(subject.userId) || !ID_SHAPE.test(subject.sessionId)) {
      throw new TypeError('access tokens are issued for snowflake user and session ids');
    }
    const now = this.clock.now();
    let key = this.ring.signingKey(now);
    if (key === null) {
      await this.ring.refresh();
      key = this.ring.signingKey(now);
    }
    if (key?.signKey == null) throw new Error('no access-token signing key is available');
    const issuedAt = Math.floor(now / 1_000);
    const expiresAt = issuedAt + this.settings.ttlSeconds;
    const token = await new SignJWT({ sid: subject.sessionId })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: ACCESS_TOKEN_TYP })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(subject.userId)
      .setJti(randomBytes(JTI_BYTES).toString('base64url'))
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(key.signKey);
    if (token.length > MAX_ACCESS_TOKEN_LENGTH) {
      throw new Error(
        `access token longer than ${MAX_ACCESS_TOKEN_LENGTH} characters: is JWT_ISSUER that long?`,
      );
    }
    return { token, expiresIn: this.settings.ttlSeconds, expiresAt: expiresAt * 1_000 };
  }

  looksLikeAccessToken(token: string): boolean {
    return (
      typeof token === 'string' && token.length <= MAX_ACCESS_TOKEN_LENGTH && JWT_SHAPE.test(token)
    );
  }

  async verify(token: string): Promise<AccessTokenClaims | null> {
    try {
      return await this.verifyOrThrow(token);
    } catch {
      return null;
    }
  }

  async publicKeys(): Promise<PublicKeySet> {
    return { keys: this.ring.publishedKeys(this.clock.now()).map((key) => ({ ...key })) };
  }

  private async verifyOrThrow(token: string): Promise<AccessTokenClaims | null> {
    if (!this.looksLikeAccessToken(token)) return null;
    const header = decodeProtectedHeader(token);
    const kid = header.kid;
    if (
      Object.keys(header).some((name) => !HEADER_PARAMETERS.has(name)) ||
      header.alg !== 'EdDSA' ||
      header.typ !== ACCESS_TOKEN_TYP ||
      typeof kid !== 'string' ||
      !KID_SHAPE.test(kid)
    ) {
      return null;
    }
    const now = this.clock.now();
    let key = this.ring.verificationKey(kid, now);
    if (key === null) {
      // A key made by another instance since the last reload; rate-limited by the ring.
      await this.ring.reloadForUnknownKid(kid);
      key = this.ring.verificationKey(kid, now);
    }
    if (key === null) return null;
    const toleranceSeconds = this.settings.clockToleranceSeconds;
    const { payload } = await jwtVerify(token, key.verifyKey, {
      algorithms: ['EdDSA'],
      typ: ACCESS_TOKEN_TYP,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      clockTolerance: toleranceSeconds,
      currentDate: new Date(now),
      // Also refuses an `iat` in the future (beyond the tolerance) and caps a token's age.
      maxTokenAge: this.settings.ttlSeconds,
      requiredClaims: ['iss', 'aud', 'sub', 'sid', 'jti', 'iat', 'exp'],
    });
    const { sub, sid, jti, iat, exp } = payload;
    if (
      typeof sub !== 'string' ||
      !ID_SHAPE.test(sub) ||
      typeof sid !== 'string' ||
      !ID_SHAPE.test(sid) ||
      typeof jti !== 'string' ||
      !JTI_SHAPE.test(jti) ||
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      exp <= iat
    ) {
      return null;
    }
    // Signed within the key's own window: a private half leaked after its period cannot
    // mint tokens that pass.
    const toleranceMs = toleranceSeconds * 1_000;
    if (iat * 1_000 < key.signFrom - toleranceMs || iat * 1_000 >= key.signUntil + toleranceMs) {
      return null;
    }
    return {
      userId: sub,
      sessionId: sid,
      tokenId: jti,
      issuedAt: iat * 1_000,
      expiresAt: exp * 1_000,
    };
  }
}
