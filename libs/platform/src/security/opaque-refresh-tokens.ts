import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { RefreshTokens } from '@tangle/application';
import { OpaqueSessionTokens } from './opaque-session-tokens';

const PREFIX = 'tgr_';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const INFO = Buffer.from('tangle refresh-token successor v1');

/**
 * `tgr_` tokens: the session token's format under another prefix, so neither is
 * ever taken for the other. The successor of a rotation is sealed with
 * AES-256-GCM under HKDF-SHA256 of the spent token: the event log holds it, but
 * only whoever holds the spent token (whose secret is stored only as a hash) can
 * read it back, which is what the grace of a lost answer needs.
 */
export class OpaqueRefreshTokens extends OpaqueSessionTokens implements RefreshTokens {
  constructor() {
    super(PREFIX);
  }

  sealSuccessor(spentToken: string, successorToken: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', keyOf(spentToken), iv);
    const body = Buffer.concat([cipher.update(successorToken, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  openSuccessor(spentToken: string, sealed: string): string | null {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        keyOf(spentToken),
        bytes.subarray(0, IV_BYTES),
      );
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = bytes.subarray(IV_BYTES + TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

function keyOf(spentToken: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(spentToken, 'utf8'), Buffer.alloc(0), INFO, 32),
  );
}
