import type { SigningKeyStore, StoredSigningKey } from '../ports';

/** The SigningKeyStore contract in a Map, for one process: tests and benchmarks. */
export class InMemorySigningKeyStore implements SigningKeyStore {
  readonly keys = new Map<string, StoredSigningKey>();
  /** How many times `list` was called: tests of reload limits count store reads. */
  lists = 0;

  async list(): Promise<StoredSigningKey[]> {
    this.lists++;
    return [...this.keys.values()]
      .map((key) => ({ ...key }))
      .sort((a, b) => a.signFrom - b.signFrom || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0));
  }

  async insertIfAbsent(key: StoredSigningKey): Promise<StoredSigningKey> {
    const existing = this.keys.get(key.kid);
    if (existing) return { ...existing };
    this.keys.set(key.kid, { ...key });
    return { ...key };
  }

  async dropPrivate(kid: string, sealedPublic: string): Promise<void> {
    const key = this.keys.get(kid);
    if (!key || !key.hasPrivate || key.revokedAt !== null) return;
    this.keys.set(kid, { ...key, sealed: sealedPublic, hasPrivate: false });
  }

  async revoke(kid: string, at: number): Promise<boolean> {
    const key = this.keys.get(kid);
    if (!key) return false;
    if (key.revokedAt === null) {
      this.keys.set(kid, { ...key, sealed: '', hasPrivate: false, revokedAt: at });
    }
    return true;
  }

  async remove(kid: string): Promise<void> {
    this.keys.delete(kid);
  }

  async close(): Promise<void> {}
}
