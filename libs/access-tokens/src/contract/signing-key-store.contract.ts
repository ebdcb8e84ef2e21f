import { storesPerTest, type StoreHarness } from '@tangle/testing/store-harness';
import type { SigningKeyStore, StoredSigningKey } from '@tangle/application';

/** Storage for one test: each `open` opens a new store on the same storage. */
export type SigningKeyStoreHarness = StoreHarness<SigningKeyStore>;

const DAY = 86_400_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % DAY);

function key(kid: string, day: number, sealed = `sealed-${kid}`): StoredSigningKey {
  return {
    kid,
    signFrom: T0 + day * DAY,
    signUntil: T0 + (day + 1) * DAY,
    sealed,
    hasPrivate: true,
    revokedAt: null,
  };
}

/**
 * The behaviour every SigningKeyStore adapter must have. `createHarness` is called once per
 * test and must give it fresh, empty storage.
 */
export function describeSigningKeyStoreContract(
  name: string,
  createHarness: () => Promise<SigningKeyStoreHarness>,
): void {
  describe(`SigningKeyStore contract: ${name}`, () => {
    const stores = storesPerTest(createHarness);
    const open = stores.open;
    let store: SigningKeyStore;

    beforeEach(() => {
      store = stores.current();
    });

    it('starts empty', async () => {
      expect(await store.list()).toEqual([]);
    });

    it('stores a key and gives back every field as it was', async () => {
      const first = key('24h.20833.0', 0);
      expect(await store.insertIfAbsent(first)).toEqual(first);
      expect(await store.list()).toEqual([first]);
    });

    it('keeps the first key stored under an id and returns it to a later insert', async () => {
      const first = key('24h.20833.0', 0, 'first');
      await store.insertIfAbsent(first);
      expect(await store.insertIfAbsent(key('24h.20833.0', 0, 'second'))).toEqual(first);
      expect(await store.list()).toEqual([first]);
    });

    it('ends with one key when two stores insert the same id at once, and both are told which', async () => {
      const other = await open();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? other : store).insertIfAbsent(key('24h.20833.0', 0, `candidate-${i}`)),
        ),
      );
      const listed = await store.list();
      expect(listed).toHaveLength(1);
      expect(results.every((result) => result.sealed === listed[0].sealed)).toBe(true);
      expect(await other.list()).toEqual(listed);
    });

    it('lists by signing start, then id', async () => {
      await store.insertIfAbsent(key('c', 2));
      await store.insertIfAbsent(key('b', 0));
      await store.insertIfAbsent(key('a', 2));
      expect((await store.list()).map((each) => each.kid)).toEqual(['b', 'a', 'c']);
    });

    it('drops the private half once, and never from a revoked key', async () => {
      await store.insertIfAbsent(key('a', 0));
      await store.insertIfAbsent(key('b', 1));
      await store.dropPrivate('a', 'public-a');
      await store.dropPrivate('a', 'public-a-again');
      await store.revoke('b', T0 + 5);
      await store.dropPrivate('b', 'public-b');
      await store.dropPrivate('unknown', 'public-x');
      expect(await store.list()).toEqual([
        { ...key('a', 0), sealed: 'public-a', hasPrivate: false },
        { ...key('b', 1), sealed: '', hasPrivate: false, revokedAt: T0 + 5 },
      ]);
    });

    it('revokes a key: material gone, id still taken, first revocation time kept', async () => {
      await store.insertIfAbsent(key('a', 0));
      expect(await store.revoke('a', T0 + 5)).toBe(true);
      expect(await store.revoke('a', T0 + 9)).toBe(true);
      expect(await store.revoke('unknown', T0 + 5)).toBe(false);
      const tombstone = { ...key('a', 0), sealed: '', hasPrivate: false, revokedAt: T0 + 5 };
      expect(await store.list()).toEqual([tombstone]);
      expect(await store.insertIfAbsent(key('a', 0, 'replacement'))).toEqual(tombstone);
    });

    it('removes a key, revoked or not; an unknown id is no error', async () => {
      await store.insertIfAbsent(key('a', 0));
      await store.insertIfAbsent(key('b', 1));
      await store.insertIfAbsent(key('c', 2));
      await store.revoke('b', T0);
      await store.remove('a');
      await store.remove('b');
      await store.remove('unknown');
      expect((await store.list()).map((each) => each.kid)).toEqual(['c']);
      expect(await store.insertIfAbsent(key('a', 0, 'again'))).toEqual(key('a', 0, 'again'));
    });

    it('shows one store’s writes to another on the same storage, and keeps them when reopened', async () => {
      const other = await open();
      await store.insertIfAbsent(key('a', 0));
      await other.dropPrivate('a', 'public-a');
      await other.insertIfAbsent(key('b', 1));
      await stores.close(store);
      const reopened = await open();
      expect(await reopened.list()).toEqual([
        { ...key('a', 0), sealed: 'public-a', hasPrivate: false },
        key('b', 1),
      ]);
    });
  });
}
