import { RetryBackoff } from './retry-backoff';

describe('retry backoff', () => {
  it('doubles the delay per failure up to the ceiling', () => {
    const backoff = new RetryBackoff(100, 1_000);
    expect([1, 2, 3, 4, 5, 50].map((n) => backoff.delayFor(n))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('cuts every pending sleep short on wakeAll', async () => {
    const backoff = new RetryBackoff(100, 1_000);
    const started = Date.now();
    const sleeps = Promise.all([backoff.sleep(60_000), backoff.sleep(60_000)]);
    backoff.wakeAll();
    await sleeps;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
