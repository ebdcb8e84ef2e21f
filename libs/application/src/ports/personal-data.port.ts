/** What a data key store holds for an account: its wrapped key, or the mark that it is gone. */
export type StoredDataKey = Uint8Array | 'destroyed';

/**
 * Per-account data keys, kept outside the event log (SQLite embedded, MongoDB in production).
 * Keys are stored wrapped (encrypted under a server key); destroying one leaves a tombstone, so
 * no new key is ever made for a deleted account. Adapters pass
 * libs/event-store/src/personal-data/data-key-store.contract.ts.
 */
export interface DataKeyStore {
  /** The account's wrapped key, 'destroyed' after `destroy`, null when none was ever made. */
  find(userId: string): Promise<StoredDataKey | null>;
  /**
   * Stores `wrapped` as the account's key unless it has one (or had one): returns what is stored
   * then, so of racing creations every caller gets the same key.
   */
  create(userId: string, wrapped: Uint8Array, at: number): Promise<StoredDataKey>;
  /** Destroys the key for ever, erasing its bytes from the store's files. Idempotent. */
  destroy(userId: string, at: number): Promise<void>;
  close(): Promise<void>;
}
export const DATA_KEY_STORE = Symbol('DataKeyStore');

/** What the application asks of personal-data protection. */
export interface PersonalDataKeys {
  /**
   * Destroys the account's data key: from then on its personal fields read as ERASED in every
   * process, replay, projection and relay. Idempotent.
   */
  destroy(userId: string): Promise<void>;
  /** Whether the account's key has been destroyed. */
  isDestroyed(userId: string): Promise<boolean>;
}
export const PERSONAL_DATA_KEYS = Symbol('PersonalDataKeys');

/**
 * Something outside the event log that holds an account's personal data in plain text (the
 * embedded mail outbox): told to forget it when the account is erased, before its key goes.
 */
export interface ErasureHook {
  forget(account: { userId: string; email: string | null }): Promise<void>;
}
export const ERASURE_HOOKS = Symbol('ErasureHooks');
