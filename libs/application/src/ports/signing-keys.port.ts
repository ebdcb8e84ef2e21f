/**
 * One access-token signing key as a store keeps it. The key pair is sealed (AES-256-GCM under
 * the key-encryption key) together with the key's id and signing window, so the store alone can
 * neither read a private key nor swap one key's material or window for another's.
 */
export interface StoredSigningKey {
  /** Derived from the rotation period and the period number (see libs/access-tokens). */
  kid: string;
  /** unix ms: the key signs from here… */
  signFrom: number;
  /** …until here (exclusive); it then verifies only, until its tokens have expired. */
  signUntil: number;
  /** The sealed key pair, or only its public half once `hasPrivate` is false; '' once revoked. */
  sealed: string;
  /** False once the private half has been deleted (the key verifies only). */
  hasPrivate: boolean;
  /** unix ms of its revocation; null while it is in use. A revoked key keeps its id taken. */
  revokedAt: number | null;
}

/**
 * Where every instance finds the same signing keys. Every adapter passes the shared contract
 * (libs/access-tokens/src/contract).
 */
export interface SigningKeyStore {
  /** Every key, revoked ones included, by `signFrom` then `kid`. */
  list(): Promise<StoredSigningKey[]>;
  /**
   * Stores the key unless one with its `kid` exists, atomically for every process sharing the
   * store, and returns the key stored under that id: this one, or the one that was there first.
   */
  insertIfAbsent(key: StoredSigningKey): Promise<StoredSigningKey>;
  /**
   * Replaces a key's sealed pair by its sealed public half (`hasPrivate` becomes false); does
   * nothing to a revoked key, one already without its private half, or an unknown id.
   */
  dropPrivate(kid: string, sealedPublic: string): Promise<void>;
  /**
   * Revokes a key: its material is deleted, its id stays taken. Returns false for an unknown
   * id; revoking a revoked key keeps its first revocation time.
   */
  revoke(kid: string, at: number): Promise<boolean>;
  /** Deletes the key, revoked or not; an unknown id is no error. */
  remove(kid: string): Promise<void>;
  close(): Promise<void>;
}

export const SIGNING_KEY_STORE = Symbol('SigningKeyStore');
