import type { AccessTokenClaims, AccessTokens, RefreshTokens, SessionTokens } from '../ports';

let tokenSeq = 0;

/** `<sessionId>.<secret>`, hashed as `h(<secret>)`. */
export function fakeSessionTokens(prefix = ''): SessionTokens {
  return {
    mint: (sessionId) => {
      const secret = `secret${++tokenSeq}`;
      return { token: `${prefix}${sessionId}.${secret}`, tokenHash: `h(${secret})` };
    },
    parse: (token) => {
      if (!token.startsWith(prefix)) return null;
      const [sessionId, secret, extra] = token.slice(prefix.length).split('.');
      return sessionId && secret && extra === undefined
        ? { sessionId, tokenHash: `h(${secret})` }
        : null;
    },
    matches: (a, b) => a.length > 0 && a === b,
  };
}

/** `r:<sessionId>.<secret>`; a seal is readable, and opens only with the token it was sealed by. */
export function fakeRefreshTokens(): RefreshTokens {
  return {
    ...fakeSessionTokens('r:'),
    sealSuccessor: (spent, successor) => `sealed[${spent}](${successor})`,
    openSuccessor: (spent, sealed) =>
      sealed.startsWith(`sealed[${spent}](`) ? sealed.slice(`sealed[${spent}](`.length, -1) : null,
  };
}

/**
 * Access tokens as `jwt.<n>`: the issued claims are kept, and a token verifies while
 * the clock is before its end, as the real verifier does (it never sees sessions).
 */
export function fakeAccessTokens(
  clock: { now(): number },
  ttlSeconds = 3600,
): AccessTokens & { issued: Map<string, AccessTokenClaims> } {
  const issued = new Map<string, AccessTokenClaims>();
  return {
    issued,
    async issue({ userId, sessionId }) {
      const token = `jwt.${++tokenSeq}.sig`;
      const issuedAt = clock.now();
      const expiresAt = issuedAt + ttlSeconds * 1000;
      issued.set(token, { userId, sessionId, tokenId: token, issuedAt, expiresAt });
      return { token, expiresIn: ttlSeconds, expiresAt };
    },
    looksLikeAccessToken: (token) => token.split('.').length === 3,
    async verify(token) {
      const claims = issued.get(token);
      return claims && clock.now() < claims.expiresAt ? claims : null;
    },
    async publicKeys() {
      return { keys: [] };
    },
  };
}
