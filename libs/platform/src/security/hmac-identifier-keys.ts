import { createHmac } from 'node:crypto';
import type { IdentifierKeys } from '@tangle/application';

/**
 * HMAC-SHA-256 of a normalised identifier under a server key: stream names such as
 * `email-<key>` reveal no address, and nobody without the key can test a guess.
 */
export class HmacIdentifierKeys implements IdentifierKeys {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('identifier key must be at least 32 bytes');
  }

  emailKey(emailNormalized: string): string {
    return this.digest('email', emailNormalized);
  }

  usernameKey(usernameNormalized: string): string {
    return this.digest('username', usernameNormalized);
  }

  secretHash(purpose: string, subject: string, secret: string): string {
    return this.digest(`secret:${purpose}:${subject}`, secret);
  }

  private digest(kind: string, value: string): string {
    return createHmac('sha256', this.key).update(`${kind}:${value}`).digest('hex');
  }
}
