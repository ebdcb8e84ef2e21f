/** Fresh storage for one test, and a way to open stores on it (an adapter's contract suite). */
export interface StoreHarness<S extends { close(): Promise<void> }> {
  open(): Promise<S>;
  /** Deletes the storage; stores opened from it are closed by then. */
  dispose(): Promise<void>;
}

/**
 * The lifecycle every store contract suite shares: each test gets fresh storage from
 * `createHarness` and one store on it (`current()`), may open more (`open()`, for two
 * instances sharing the storage), and every store it opened is closed before the storage goes.
 */
export function storesPerTest<S extends { close(): Promise<void> }>(
  createHarness: () => Promise<StoreHarness<S>>,
): { current(): S; open(): Promise<S>; close(store: S): Promise<void> } {
  let harness: StoreHarness<S>;
  let opened: S[] = [];
  let store: S;
  const open = async (): Promise<S> => {
    const next = await harness.open();
    opened.push(next);
    return next;
  };
  beforeEach(async () => {
    harness = await createHarness();
    opened = [];
    store = await open();
  });
  afterEach(async () => {
    for (const each of opened) await each.close();
    await harness.dispose();
  });
  /** Closes a store before the test ends (to reopen the storage); it is not closed again. */
  const close = async (target: S): Promise<void> => {
    opened = opened.filter((each) => each !== target);
    await target.close();
  };
  return { current: () => store, open, close };
}
