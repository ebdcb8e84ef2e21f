import type { RateLimitCount, RateLimitStore } from '../ports';

/** The RateLimitStore contract in a Map, for one process: tests and benchmarks. */
export class InMemoryRateLimitStore implements RateLimitStore {
  readonly windows = new Map<string, RateLimitCount>();

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateLimitCount> {
    const current = this.windows.get(key);
    const next =
      current && current.resetAt > now
        ? { count: Math.min(current.count + 1, limit + 1), resetAt: current.resetAt }
        : { count: 1, resetAt: now + windowMs };
    this.windows.set(key, next);
    return { ...next };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async close(): Promise<void> {}
}
