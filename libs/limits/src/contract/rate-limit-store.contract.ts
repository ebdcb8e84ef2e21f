import { storesPerTest, type StoreHarness } from '@tangle/testing/store-harness';
import type { RateLimitStore } from '@tangle/application';

/** Storage for one test: each `open` opens a new store on the same storage. */
export type RateLimitStoreHarness = StoreHarness<RateLimitStore>;

const T0 = 1_800_000_000_000;
const MINUTE = 60_000;

/**
 * The behaviour every RateLimitStore adapter must have. `createHarness` is called once per
 * test and must give it fresh, empty storage.
 */
export function describeRateLimitStoreContract(
  name: string,
  createHarness: () => Promise<RateLimitStoreHarness>,
  options: { atomicServer?: boolean } = {},
): void {
  // FerretDB 1.x (the MongoDB-wire server the test run starts) applies findAndModify
  // without isolation, so parallel hits there can read the same count: the parallel
  // cases run against MongoDB itself (MONGO_URL) and against every other store.
  const parallel = options.atomicServer === false ? it.skip : it;
  describe(`RateLimitStore contract: ${name}`, () => {
    const stores = storesPerTest(createHarness);
    const open = stores.open;
    let store: RateLimitStore;

    const hits = async (target: RateLimitStore, key: string, n: number, now = T0) => {
      const counts: number[] = [];
      for (let i = 0; i < n; i++) counts.push((await target.hit(key, 3, MINUTE, now)).count);
      return counts;
    };

    beforeEach(() => {
      store = stores.current();
    });

    it('counts hits up to the limit, then stops one past it', async () => {
      expect(await hits(store, 'k', 6)).toEqual([1, 2, 3, 4, 4, 4]);
    });

    it('starts the window at the first hit and keeps its end while it runs', async () => {
      expect(await store.hit('k', 3, MINUTE, T0)).toEqual({ count: 1, resetAt: T0 + MINUTE });
      expect(await store.hit('k', 3, MINUTE, T0 + 59_999)).toEqual({
        count: 2,
        resetAt: T0 + MINUTE,
      });
    });

    it('starts a new window once the old one has ended', async () => {
      await hits(store, 'k', 5);
      expect(await store.hit('k', 3, MINUTE, T0 + MINUTE)).toEqual({
        count: 1,
        resetAt: T0 + 2 * MINUTE,
      });
      expect(await store.hit('k', 3, MINUTE, T0 + MINUTE + 1)).toEqual({
        count: 2,
        resetAt: T0 + 2 * MINUTE,
      });
    });

    it('counts each key on its own', async () => {
      await hits(store, 'a', 4);
      expect(await hits(store, 'b', 1)).toEqual([1]);
      expect(await hits(store, 'a', 1)).toEqual([4]);
    });

    it('forgets a key on reset, and nothing else', async () => {
      await hits(store, 'a', 4);
      await hits(store, 'b', 2);
      await store.reset('a');
      await store.reset('never-hit');
      expect(await store.hit('a', 3, MINUTE, T0 + 1)).toEqual({
        count: 1,
        resetAt: T0 + 1 + MINUTE,
      });
      expect(await hits(store, 'b', 1)).toEqual([3]);
    });

    it('keeps the counts when reopened', async () => {
      await hits(store, 'k', 2);
      await stores.close(store);
      const reopened = await open();
      expect(await hits(reopened, 'k', 1)).toEqual([3]);
    });

    parallel('allows exactly `limit` of 50 hits sent at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => store.hit('k', 10, MINUTE, T0)),
      );
      const allowed = results.filter((result) => result.count <= 10);
      expect(allowed).toHaveLength(10);
      expect(new Set(allowed.map((result) => result.count)).size).toBe(10);
      expect(results.every((result) => result.resetAt === T0 + MINUTE)).toBe(true);
    });

    parallel(
      'allows exactly `limit` of 50 hits sent at once through two stores on the same storage',
      async () => {
        const other = await open();
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 ? other : store).hit('k', 10, MINUTE, T0)),
        );
        expect(results.filter((result) => result.count <= 10)).toHaveLength(10);
        await other.reset('k');
        expect((await store.hit('k', 10, MINUTE, T0)).count).toBe(1);
      },
    );
  });
}
