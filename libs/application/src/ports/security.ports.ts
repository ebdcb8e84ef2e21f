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
