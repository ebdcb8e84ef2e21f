import type { DataKeyStore, StoredDataKey } from '../ports';

/** Data keys in memory, for tests: the same rules as the SQLite and MongoDB stores. */
export class InMemoryDataKeyStore implements DataKeyStore {
  private readonly keys = new Map<string, StoredDataKey>();

  async find(userId: string): Promise<StoredDataKey | null> {
    return this.keys.get(userId) ?? null;
  }

  async create(userId: string, wrapped: Uint8Array, _at: number): Promise<StoredDataKey> {
    if (!this.keys.has(userId)) this.keys.set(userId, new Uint8Array(wrapped));
    return this.keys.get(userId)!;
  }

  async destroy(userId: string, _at: number): Promise<void> {
    this.keys.set(userId, 'destroyed');
  }

  async close(): Promise<void> {}
}
