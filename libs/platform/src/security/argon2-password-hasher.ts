import * as argon2 from 'argon2';
import type { PasswordHasher } from '@tangle/application';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2ID = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface Argon2Parameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/**
 * argon2id through the `argon2` binding, which hashes on libuv's thread pool, off
 * the event loop. A dummy hash made with the same parameters lets unknown accounts
 * cost exactly as much as a wrong password.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly params: Argon2Parameters = OWASP_ARGON2ID) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, this.params);
    } catch {
      return true;
    }
  }

  async verifyAgainstDummy(password: string): Promise<void> {
    this.dummyHash ??= this.hash('dummy password that no account has');
    await this.verify(await this.dummyHash, password);
  }
}
