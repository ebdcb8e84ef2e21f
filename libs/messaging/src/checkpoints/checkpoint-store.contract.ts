import { storesPerTest, type StoreHarness } from '@tangle/testing/store-harness';
import type { CheckpointStore, WriterLeases } from '@tangle/application';

/** Storage for one test: each `open` opens a new store on the same storage (to test reopening). */
export type CheckpointStoreHarness = StoreHarness<CheckpointStore & WriterLeases>;

const MAX_U64 = 2n ** 64n - 1n;

/** What every CheckpointStore must do. `createHarness` gives each test fresh, empty storage. */
export function describeCheckpointStoreContract(
  name: string,
  createHarness: () => Promise<CheckpointStoreHarness>,
): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    const stores = storesPerTest(createHarness);
    const open = stores.open;
    let store: CheckpointStore & WriterLeases;

    beforeEach(() => {
      store = stores.current();
    });

    it('has no checkpoint before the first save', async () => {
      expect(await store.load('relay')).toBeNull();
    });

    it('loads what was saved, exactly, up to the largest 64-bit positions', async () => {
      await store.save('relay', { commit: 42n, prepare: 41n });
      expect(await store.load('relay')).toEqual({ commit: 42n, prepare: 41n });

      await store.save('relay', { commit: MAX_U64, prepare: MAX_U64 - 1n });
      expect(await store.load('relay')).toEqual({ commit: MAX_U64, prepare: MAX_U64 - 1n });
    });

    it('overwrites, backwards too (an operator reset)', async () => {
      await store.save('relay', { commit: 100n, prepare: 100n });
      await store.save('relay', { commit: 0n, prepare: 0n });

      expect(await store.load('relay')).toEqual({ commit: 0n, prepare: 0n });
    });

    it('keeps names apart', async () => {
      await store.save('relay-a', { commit: 1n, prepare: 1n });
      await store.save('relay-b', { commit: 2n, prepare: 2n });

      expect(await store.load('relay-a')).toEqual({ commit: 1n, prepare: 1n });
      expect(await store.load('relay-b')).toEqual({ commit: 2n, prepare: 2n });
      expect(await store.load('relay-c')).toBeNull();
    });

    it('keeps checkpoints across a reopen', async () => {
      await store.save('relay', { commit: 7n, prepare: 6n });
      await stores.close(store);

      const reopened = await open();

      expect(await reopened.load('relay')).toEqual({ commit: 7n, prepare: 6n });
    });

    describe('writer leases', () => {
      const T = 1_000_000;

      it('gives a free lease to the first claimant, and refuses a second until it lapses', async () => {
        expect(await store.claimLease('projector', 'a', 15_000, T)).toEqual({
          holder: 'a',
          expiresAt: T + 15_000,
        });
        expect(await store.claimLease('projector', 'b', 15_000, T + 14_999)).toEqual({
          holder: 'a',
          expiresAt: T + 15_000,
        });
        expect(await store.claimLease('projector', 'b', 15_000, T + 15_000)).toEqual({
          holder: 'b',
          expiresAt: T + 30_000,
        });
      });

      it('lets its holder renew it, and keeps names apart', async () => {
        await store.claimLease('projector', 'a', 15_000, T);
        expect(await store.claimLease('projector', 'a', 15_000, T + 10_000)).toEqual({
          holder: 'a',
          expiresAt: T + 25_000,
        });
        expect((await store.claimLease('other', 'b', 15_000, T + 10_000)).holder).toBe('b');
        expect((await store.claimLease('projector', 'b', 15_000, T + 20_000)).holder).toBe('a');
      });

      it('frees a released lease at once, and ignores a release by another holder', async () => {
        await store.claimLease('projector', 'a', 15_000, T);
        await store.releaseLease('projector', 'b');
        expect((await store.claimLease('projector', 'b', 15_000, T + 1)).holder).toBe('a');
        await store.releaseLease('projector', 'a');
        expect((await store.claimLease('projector', 'b', 15_000, T + 1)).holder).toBe('b');
      });

      it('gives a contested lease to exactly one of many claimants on separate stores', async () => {
        const others = await Promise.all([open(), open(), open()]);
        const claims = await Promise.all(
          [store, ...others].flatMap((s, i) =>
            [0, 1, 2].map((j) => s.claimLease('projector', `holder-${i}-${j}`, 15_000, T)),
          ),
        );
        const winners = new Set(claims.map((c) => c.holder));
        expect(winners.size).toBe(1);
        const winner = [...winners][0];
        expect(claims.filter((c) => c.holder === winner)).toHaveLength(claims.length);
      });

      it('keeps a lease across a reopen', async () => {
        await store.claimLease('projector', 'a', 15_000, T);
        await stores.close(store);
        const reopened = await open();
        expect((await reopened.claimLease('projector', 'b', 15_000, T + 1)).holder).toBe('a');
      });
    });
  });
}
