/** The state of one key's window after a hit. */
export interface RateLimitCount {
  /**
   * Hits counted in the current window, this one included. It stops at `limit + 1`:
   * a hit is allowed when `count <= limit`, and refused hits do not push the count further.
   */
  count: number;
  /** unix ms at which the window ends and the count starts again from zero. */
  resetAt: number;
}

/**
 * Counters for rate limits and failed attempts, in a store of their own (not the event log).
 * Fixed windows that start at a key's first hit. Every adapter passes the shared contract
 * (libs/limits/src/contract).
 */
export interface RateLimitStore {
  /**
   * Counts one hit on `key`, atomically, across every process sharing the store: when the
   * key's window has ended (or the key is new) a window of `windowMs` starts at `now` with a
   * count of 1; otherwise the count grows by one, up to `limit + 1`.
   */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<RateLimitCount>;
  /** Forgets the key: its next hit starts a new window. */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}
export const RATE_LIMIT_STORE = Symbol('RateLimitStore');
