import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MintedSessionToken, ParsedSessionToken, SessionTokens } from '@tangle/application';

const SESSION_TOKEN_PREFIX = 'tgl_';
const ID_BYTES = 8;
const SECRET_BYTES = 32;
const BODY_LENGTH = Math.ceil(((ID_BYTES + SECRET_BYTES) * 4) / 3); // base64url, unpadded
const BODY = /^[A-Za-z0-9_-]+$/;

/**
 * `tgl_` + base64url(session id as 8 bytes big-endian ‖ 256-bit secret).
 * The prefix makes leaked tokens easy to find by secret scanners; the session id
 * lets Authorize go straight to the session's stream; only SHA-256 of the secret
 * is stored (the secret is random, so a fast hash is enough).
 */
export class OpaqueSessionTokens implements SessionTokens {
  /** Another prefix makes another kind of token that this one never accepts. */
  constructor(private readonly prefix: string = SESSION_TOKEN_PREFIX) {}

  mint(sessionId: string): MintedSessionToken {
    const bytes = Buffer.alloc(ID_BYTES + SECRET_BYTES);
    bytes.writeBigUInt64BE(BigInt(sessionId), 0);
    randomBytes(SECRET_BYTES).copy(bytes, ID_BYTES);
    return {
      token: this.prefix + bytes.toString('base64url'),
      tokenHash: hashSecret(bytes.subarray(ID_BYTES)),
    };
  }

  parse(token: string): ParsedSessionToken | null {
    if (typeof token !== 'string' || token.length !== this.prefix.length + BODY_LENGTH) return null;
    if (!token.startsWith(this.prefix)) return null;
    const body = token.slice(this.prefix.length);
    if (!BODY.test(body)) return null;
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length !== ID_BYTES + SECRET_BYTES) return null;
    // Canonical only: the last character carries 2 unused bits, and Node ignores them, so
    // four spellings would decode to the same bytes. Only the one mint() writes is accepted.
    if (bytes.toString('base64url') !== body) return null;
    const id = bytes.readBigUInt64BE(0);
    if (id === 0n) return null;
    return { sessionId: id.toString(), tokenHash: hashSecret(bytes.subarray(ID_BYTES)) };
  }

  matches(expectedHash: string, actualHash: string): boolean {
    const a = Buffer.from(expectedHash, 'hex');
    const b = Buffer.from(actualHash, 'hex');
    return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
  }
}

export function hashSecret(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex');
}
