import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Clock, DataKeyStore, PersonalDataKeys } from '@tangle/application';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A data key in hand, or the fact that the account has none to use. */
export type DataKey = Buffer | 'destroyed' | 'none';

/**
 * The accounts' data keys: created on first use, wrapped with AES-256-GCM under the server's
 * key-encryption key before they reach the store, and kept in memory (bounded, least recently
 * used out) so sealing on the hot paths costs no I/O. A destroyed key is remembered as such.
 */
export class DataKeyVault implements PersonalDataKeys {
  private readonly cache = new Map<string, Buffer | 'destroyed'>();
  private readonly loading = new Map<string, Promise<DataKey>>();

  constructor(
    private readonly store: DataKeyStore,
    private readonly keyEncryptionKey: Buffer,
    private readonly clock: Clock,
    private readonly capacity = 100_000,
  ) {
    if (keyEncryptionKey.length !== KEY_BYTES)
      throw new Error('the key-encryption key must be 32 bytes');
  }

  /** The account's key for sealing: made (and stored) when it has none yet. */
  keyToSeal(userId: string): Promise<DataKey> | DataKey {
    return this.cached(userId) ?? this.load(userId, true);
  }

  /** The account's key for opening: 'none' when it never had one. */
  keyToOpen(userId: string): Promise<DataKey> | DataKey {
    return this.cached(userId) ?? this.load(userId, false);
  }

  async destroy(userId: string): Promise<void> {
    await this.store.destroy(userId, this.clock.now());
    this.remember(userId, 'destroyed');
  }

  async isDestroyed(userId: string): Promise<boolean> {
    return (await this.keyToOpen(userId)) === 'destroyed';
  }

  /** Drops what this process remembers of the account's key (another process destroyed it). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private cached(userId: string): DataKey | undefined {
    const key = this.cache.get(userId);
    if (key === undefined) return undefined;
    this.cache.delete(userId);
    this.cache.set(userId, key);
    return key;
  }

  private load(userId: string, create: boolean): Promise<DataKey> {
    const pending = this.loading.get(userId);
    if (pending) {
      return create
        ? pending.then((key) => (key === 'none' ? this.load(userId, true) : key))
        : pending;
    }
    const loading = (async (): Promise<DataKey> => {
      try {
        let stored = await this.store.find(userId);
        if (stored === null) {
          if (!create) return 'none';
          stored = await this.store.create(
            userId,
            this.wrap(userId, randomBytes(KEY_BYTES)),
            this.clock.now(),
          );
        }
        const key = stored === 'destroyed' ? 'destroyed' : this.unwrap(userId, stored);
        this.remember(userId, key);
        return key;
      } finally {
        this.loading.delete(userId);
      }
    })();
    this.loading.set(userId, loading);
    return loading;
  }

  private remember(userId: string, key: Buffer | 'destroyed'): void {
    this.cache.delete(userId);
    this.cache.set(userId, key);
    if (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }

  private wrap(userId: string, key: Buffer): Uint8Array {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyEncryptionKey, iv);
    cipher.setAAD(Buffer.from(`data-key\n${userId}`));
    const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  private unwrap(userId: string, wrapped: Uint8Array): Buffer {
    const bytes = Buffer.from(wrapped);
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.keyEncryptionKey,
      bytes.subarray(0, IV_BYTES),
    );
    decipher.setAAD(Buffer.from(`data-key\n${userId}`));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}

/** Seals one JSON value under a data key, bound to the event and field it belongs to. */
export function sealValue(key: Buffer, value: unknown, binding: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(binding));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** Opens what sealValue made; throws when it was not made with this key and binding. */
export function openValue(key: Buffer, sealed: string, binding: string): unknown {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(binding));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const plain = Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
  return JSON.parse(plain);
}
