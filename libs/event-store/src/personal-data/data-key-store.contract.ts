import type { DataKeyStore } from '@tangle/application';
import { storesPerTest, type StoreHarness } from '@tangle/testing/store-harness';

const T0 = 1_800_000_000_000;
const key = (byte: number) => new Uint8Array(60).fill(byte);

/**
 * The behaviour every DataKeyStore adapter must have. `createHarness` is called once per test
 * and must give it fresh, empty storage.
 */
export function describeDataKeyStoreContract(
  name: string,
  createHarness: () => Promise<StoreHarness<DataKeyStore>>,
): void {
  describe(`DataKeyStore contract: ${name}`, () => {
    const stores = storesPerTest(createHarness);
    let store: DataKeyStore;
    beforeEach(() => {
      store = stores.current();
    });

    it('finds nothing for an account without a key', async () => {
      expect(await store.find('u1')).toBeNull();
    });

    it('stores a key once: a second creation gets the first key back', async () => {
      expect(await store.create('u1', key(1), T0)).toEqual(key(1));
      expect(await store.create('u1', key(2), T0 + 1)).toEqual(key(1));
      expect(await store.find('u1')).toEqual(key(1));
      expect(await store.find('u2')).toBeNull();
    });

    it('gives racing creations the same key', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.create('u1', key(i + 1), T0)),
      );
      expect(new Set(results.map((r) => Buffer.from(r as Uint8Array).toString('hex'))).size).toBe(
        1,
      );
      expect(await store.find('u1')).toEqual(results[0]);
    });

    it('destroys a key for ever: no new key is made for the account', async () => {
      await store.create('u1', key(1), T0);
      await store.create('u2', key(2), T0);
      await store.destroy('u1', T0 + 5);
      expect(await store.find('u1')).toBe('destroyed');
      expect(await store.create('u1', key(3), T0 + 6)).toBe('destroyed');
      expect(await store.find('u2')).toEqual(key(2));
    });

    it('destroys idempotently, and also an account that never had a key', async () => {
      await store.create('u1', key(1), T0);
      await store.destroy('u1', T0 + 1);
      await store.destroy('u1', T0 + 2);
      await store.destroy('u9', T0 + 3);
      expect(await store.find('u1')).toBe('destroyed');
      expect(await store.find('u9')).toBe('destroyed');
      expect(await store.create('u9', key(9), T0 + 4)).toBe('destroyed');
    });

    it('keeps keys and tombstones across reopening, and shares them between instances', async () => {
      const other = await stores.open();
      await store.create('u1', key(1), T0);
      await other.destroy('u2', T0);
      expect(await other.find('u1')).toEqual(key(1));
      await stores.close(store);
      const reopened = await stores.open();
      expect(await reopened.find('u1')).toEqual(key(1));
      expect(await reopened.find('u2')).toBe('destroyed');
    });
  });
}
