import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AesGcmSecretSealer } from '@tangle/platform';
import { InMemorySigningKeyStore } from '../../application/src/testing/in-memory-signing-key-store';
import { SigningKeyRing } from './signing-key-ring';
import { keyScheduleOf } from './access-token-settings';
import { SqliteSigningKeyStore } from './sqlite/sqlite-signing-key-store';
import { DAY, HOUR, SETTINGS, T0, startInstance, testClock } from './testing/access-token-fixture';

const USER = { userId: '386015308038537216', sessionId: '386015310366375936' };
const TODAY = 20_833;

describe('SigningKeyRing', () => {
  const started: SigningKeyRing[] = [];
  const instance = async (...args: Parameters<typeof startInstance>) => {
    const result = await startInstance(...args);
    started.push(result.ring);
    return result;
  };
  afterEach(() => {
    for (const ring of started.splice(0)) ring.stop();
  });

  it('publishes the next key a whole period before it signs', async () => {
    const { ring, store } = await instance();
    expect((await store.list()).map(({ kid, signFrom }) => ({ kid, signFrom }))).toEqual([
      { kid: `24h.${TODAY}.0`, signFrom: TODAY * DAY },
      { kid: `24h.${TODAY + 1}.0`, signFrom: (TODAY + 1) * DAY },
    ]);
    expect(ring.signingKey()!.kid).toBe(`24h.${TODAY}.0`);
    expect(ring.publishedKeys().map((key) => key.kid)).toEqual([
      `24h.${TODAY}.0`,
      `24h.${TODAY + 1}.0`,
    ]);
  });

  it('ends with one key per period when instances start at once on one SQLite file, and they sign alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tangle-signing-keys-'));
    const file = join(dir, 'signing-keys.sqlite');
    const sealer = new AesGcmSecretSealer(randomBytes(32));
    const stores = await Promise.all([1, 2, 3].map(() => SqliteSigningKeyStore.open(file)));
    try {
      const instances = await Promise.all(
        stores.map((store) => instance({ store, sealer, clock: testClock() })),
      );
      expect(await stores[0].list()).toHaveLength(2);
      const kids = instances.map(({ ring }) => ring.signingKey()!.kid);
      expect(new Set(kids)).toEqual(new Set([`24h.${TODAY}.0`]));
      const published = instances.map(({ ring }) => JSON.stringify(ring.publishedKeys()));
      expect(new Set(published).size).toBe(1);
      const token = (await instances[0].tokens.issue(USER)).token;
      for (const { tokens } of instances) expect(await tokens.verify(token)).not.toBeNull();
    } finally {
      for (const store of stores) await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps private keys sealed at rest, bound to their record', async () => {
    const { store, sealer } = await instance();
    const stored = await store.list();
    const published = stored.map((key) => key.sealed);
    for (const sealed of published) {
      expect(sealed).toMatch(/^v1\./);
      expect(sealed).not.toMatch(/"d"|"x"|OKP/);
    }
    // Another key-encryption key opens nothing: the instance refuses to start.
    const errors: string[] = [];
    const otherKey = new SigningKeyRing(
      store,
      new AesGcmSecretSealer(randomBytes(32)),
      testClock(),
      keyScheduleOf(SETTINGS),
      { logger: { warn: () => undefined, error: (message) => errors.push(message) } },
    );
    await expect(otherKey.start()).rejects.toThrow(/JWT_KEY_ENCRYPTION_KEY/);
    expect(errors).toEqual([
      expect.stringMatching(/24h\.20833\.0 not used: .*cannot be opened/),
      expect.stringMatching(/24h\.20834\.0 not used: .*cannot be opened/),
    ]);
    // One record's sealed key moved into another record is refused too.
    const swapped = new InMemorySigningKeyStore();
    await swapped.insertIfAbsent({ ...stored[0], sealed: stored[1].sealed });
    await swapped.insertIfAbsent(stored[1]);
    const ring = new SigningKeyRing(swapped, sealer, testClock(), keyScheduleOf(SETTINGS), {
      logger: { warn: () => undefined, error: (message) => errors.push(message) },
    });
    await expect(ring.start()).rejects.toThrow();
    expect(errors.at(-1)).toMatch(/24h\.20833\.0 not used: .*belongs to another record/);
    expect(ring.publishedKeys().map((key) => key.kid)).toEqual(['24h.20834.0']);
  });

  it('starts with a new encryption key once the keys sealed under the lost one are revoked', async () => {
    const { store } = await instance();
    const newKey = () =>
      new SigningKeyRing(
        store,
        new AesGcmSecretSealer(randomBytes(32)),
        testClock(),
        keyScheduleOf(SETTINGS),
      );
    await expect(newKey().start()).rejects.toThrow(/no access-token signing key/);
    await store.revoke(`24h.${TODAY}.0`, T0);
    await store.revoke(`24h.${TODAY + 1}.0`, T0);
    const ring = newKey();
    await ring.start();
    started.push(ring);
    expect(ring.signingKey()!.kid).toBe(`24h.${TODAY}.1`);
    expect(ring.publishedKeys().map((key) => key.kid)).toEqual([
      `24h.${TODAY}.1`,
      `24h.${TODAY + 1}.1`,
    ]);
  });

  it('rotates through the days: signs with each key in its period, drops its private half, then retires it', async () => {
    const clock = testClock(TODAY * DAY + 12 * HOUR);
    const { ring, store, tokens } = await instance({ clock });
    const state = async () =>
      (await store.list()).map((key) => `${key.kid}${key.hasPrivate ? '' : ' public'}`);

    const yesterdays = await tokens.issue(USER);

    // Midnight: the next key signs at once, from memory, without reading the store.
    clock.set((TODAY + 1) * DAY);
    const lists = (store as InMemorySigningKeyStore).lists;
    expect(ring.signingKey()!.kid).toBe(`24h.${TODAY + 1}.0`);
    expect((store as InMemorySigningKeyStore).lists).toBe(lists);

    // Past the clock tolerance: yesterday's key loses its private half, the day after is made.
    clock.advance(30_000);
    await ring.refresh();
    expect(await state()).toEqual([
      `24h.${TODAY}.0 public`,
      `24h.${TODAY + 1}.0`,
      `24h.${TODAY + 2}.0`,
    ]);
    expect(ring.publishedKeys()).toHaveLength(3);
    expect(await tokens.verify(yesterdays.token)).toBeNull(); // expired at 13:00 yesterday

    // Once its last token could have expired (1 h + tolerance), it leaves the store and the set.
    clock.set((TODAY + 1) * DAY + HOUR + 30_000);
    await ring.refresh();
    expect(await state()).toEqual([`24h.${TODAY + 1}.0`, `24h.${TODAY + 2}.0`]);
    expect(ring.publishedKeys().map((key) => key.kid)).toEqual([
      `24h.${TODAY + 1}.0`,
      `24h.${TODAY + 2}.0`,
    ]);

    // A token issued in the last second of a period verifies until it expires, not longer.
    clock.set((TODAY + 2) * DAY - 1_000);
    const last = await tokens.issue(USER);
    clock.set((TODAY + 2) * DAY + HOUR - 2_000);
    await ring.refresh();
    expect(await tokens.verify(last.token)).not.toBeNull();
    clock.set((TODAY + 2) * DAY + HOUR + 28_999);
    await ring.refresh();
    expect(await tokens.verify(last.token)).not.toBeNull();
    clock.set((TODAY + 2) * DAY + HOUR + 30_000);
    await ring.refresh();
    expect(await tokens.verify(last.token)).toBeNull();
    expect(ring.publishedKeys().map((key) => key.kid)).not.toContain(`24h.${TODAY + 1}.0`);
  });

  it('catches up after days without a refresh: makes today’s key and removes what retired', async () => {
    const clock = testClock();
    const { ring, store } = await instance({ clock });
    clock.set((TODAY + 5) * DAY + HOUR);
    await ring.refresh();
    expect((await store.list()).map((key) => key.kid)).toEqual([
      `24h.${TODAY + 5}.0`,
      `24h.${TODAY + 6}.0`,
    ]);
    expect(ring.signingKey()!.kid).toBe(`24h.${TODAY + 5}.0`);
  });

  it('reloads on its timer: a key revoked elsewhere stops verifying on every instance', async () => {
    const clock = testClock();
    const a = await instance({ clock, ring: { reloadIntervalMs: 20 } });
    const b = await instance({ clock, store: a.store, sealer: a.sealer });
    const token = (await a.tokens.issue(USER)).token;
    expect(await b.tokens.verify(token)).not.toBeNull();
    await b.store.revoke(`24h.${TODAY}.0`, T0);
    for (let waited = 0; a.ring.verificationKey(`24h.${TODAY}.0`) !== null && waited < 2_000;) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      waited += 10;
    }
    expect(await a.tokens.verify(token)).toBeNull();
    expect(a.ring.signingKey()!.kid).toBe(`24h.${TODAY}.1`);
  });

  it('keeps its keys when a timed reload fails, and says so', async () => {
    const warnings: string[] = [];
    const store = new InMemorySigningKeyStore();
    const { ring, tokens } = await instance({
      store,
      ring: { reloadIntervalMs: 10, logger: { warn: (m) => warnings.push(m), error: () => {} } },
    });
    store.list = async () => {
      throw new Error('store unreachable');
    };
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(warnings[0]).toBe('signing keys not reloaded: store unreachable');
    expect(ring.signingKey()).not.toBeNull();
    expect(await tokens.verify((await tokens.issue(USER)).token)).not.toBeNull();
  });
});
