import type { PasswordHasher } from '@tangle/application';
import { AuthError } from '@tangle/contracts';

export interface PasswordHashingBounds {
  /** Hashes and verifications running at once (argon2 runs each on a libuv pool thread). */
  maxConcurrency: number;
  /** Calls allowed to wait for a free slot; one more fails fast. */
  maxQueue: number;
}

/** What a refused call waits before trying again. */
export const BUSY_RETRY_AFTER_MS = 1_000;

/** libuv's thread pool size, which argon2 shares with file and DNS work: UV_THREADPOOL_SIZE or 4. */
export function threadPoolSize(env: Record<string, string | undefined> = process.env): number {
  const size = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size > 0 ? size : 4;
}

/**
 * A bounded queue in front of a PasswordHasher: at most `maxConcurrency` hashes or
 * verifications run, at most `maxQueue` wait (first come, first served), and any call past
 * that fails at once with RATE_LIMIT_EXCEEDED ("server busy"). A flood of sign-ins thus
 * costs other users at most a queue's worth of waiting, never an unbounded backlog.
 */
export class BoundedPasswordHasher implements PasswordHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly inner: PasswordHasher,
    private readonly bounds: PasswordHashingBounds,
  ) {
    if (!(bounds.maxConcurrency >= 1) || !(bounds.maxQueue >= 0)) {
      throw new Error(`password hashing bounds out of range: ${JSON.stringify(bounds)}`);
    }
  }

  /** Calls running now. */
  get active(): number {
    return this.running;
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => this.inner.hash(password));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.bounded(() => this.inner.verify(hash, password));
  }

  needsRehash(hash: string): boolean {
    return this.inner.needsRehash(hash);
  }

  verifyAgainstDummy(password: string): Promise<void> {
    return this.bounded(() => this.inner.verifyAgainstDummy(password));
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.bounds.maxConcurrency) {
      this.running++;
    } else if (this.waiting.length < this.bounds.maxQueue) {
      // The slot is handed over by `release`, still counted in `running`.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      throw new AuthError('RATE_LIMIT_EXCEEDED', 'server busy, try again in 1 s', {
        retryAfterMs: BUSY_RETRY_AFTER_MS,
      });
    }
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
