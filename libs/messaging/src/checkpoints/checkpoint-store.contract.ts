import { storesPerTest, type StoreHarness } from '@tangle/testing/store-harness';
import type { CheckpointStore } from '@tangle/application';

/** Storage for one test: each `open` opens a new store on the same storage (to test reopening). */
export type CheckpointStoreHarness = StoreHarness<CheckpointStore>;

const MAX_U64 = 2n ** 64n - 1n;

/** What every CheckpointStore must do. `createHarness` gives each test fresh, empty storage. */
export function describeCheckpointStoreContract(
  name: string,
  createHarness: () => Promise<CheckpointStoreHarness>,
): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    const stores = storesPerTest(createHarness);
    const open = stores.open;
    let store: CheckpointStore;

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
  });
}
