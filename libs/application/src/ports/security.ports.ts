/** argon2id behind a port so tests and benchmarks can swap parameters, never the algorithm. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time check; false for a malformed hash rather than a throw. */
  verify(hash: string, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than the current ones. */
  needsRehash(hash: string): boolean;
  /** Spends the same time as a failed verify, for unknown accounts (no timing oracle). */
  verifyAgainstDummy(password: string): Promise<void>;
}
export const PASSWORD_HASHER = Symbol('PasswordHasher');

export interface MintedSessionToken {
  /** Handed to the client once; never stored. */
  token: string;
  /** What the session.started event keeps. */
  tokenHash: string;
}

export interface ParsedSessionToken {
  sessionId: string;
  tokenHash: string;
}

/** Opaque session tokens: they name their session and carry a 256-bit secret. */
export interface SessionTokens {
  mint(sessionId: string): MintedSessionToken;
  /** null for anything that is not a well-formed token. */
  parse(token: string): ParsedSessionToken | null;
  /** Constant-time comparison of two token hashes. */
  matches(expectedHash: string, actualHash: string): boolean;
}
export const SESSION_TOKENS = Symbol('SessionTokens');

/** Keyed hash of a normalised identifier, used as a stream key (emails never appear in stream names). */
export interface IdentifierKeys {
  emailKey(emailNormalized: string): string;
  usernameKey(usernameNormalized: string): string;
  /** Keyed hash of a short secret (a code or link token) for one purpose and subject. */
  secretHash(purpose: string, subject: string, secret: string): string;
}
export const IDENTIFIER_KEYS = Symbol('IdentifierKeys');

/** What a verified access token says: whose it is and which session it speaks for. */
export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
  /** The token's own id (`jti`). */
  tokenId: string;
  /** Epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
}

export interface IssuedAccessToken {
  token: string;
  /** Seconds from now, as the gateway envelope's `expiresIn` says. */
  expiresIn: number;
  /** Epoch milliseconds (the token's `exp`, which counts whole seconds). */
  expiresAt: number;
}

/** A JSON Web Key Set of public keys only, as `/.well-known/jwks.json` serves it. */
export interface PublicKeySet {
  keys: Array<Record<string, unknown>>;
}

/**
 * Signed JWT access tokens that gateways verify offline against the published
 * key set. Verification here is only the signature and claims: whether the
 * session is still active is the caller's check.
 */
export interface AccessTokens {
  issue(subject: { userId: string; sessionId: string }): Promise<IssuedAccessToken>;
  /** Cheap shape test (three base64url parts), so Authorize can tell a JWT from a session token. */
  looksLikeAccessToken(token: string): boolean;
  /** null for anything that is not a valid, unexpired access token signed here for our audience. */
  verify(token: string): Promise<AccessTokenClaims | null>;
  /** The current key and every key whose tokens may still be valid; never private parts. */
  publicKeys(): Promise<PublicKeySet>;
}
export const ACCESS_TOKENS = Symbol('AccessTokens');

/**
 * Opaque refresh tokens (`tgr_`…): like session tokens, they name their session and
 * carry a 256-bit secret stored only as a hash. A rotation seals the successor under
 * a key derived from the spent token, so only the spent token's holder can open it.
 */
export interface RefreshTokens extends SessionTokens {
  sealSuccessor(spentToken: string, successorToken: string): string;
  /** null when the seal was not made with this spent token, or was tampered with. */
  openSuccessor(spentToken: string, sealed: string): string | null;
}
export const REFRESH_TOKENS = Symbol('RefreshTokens');
