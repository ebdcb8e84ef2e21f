import type { SigningKeyStore } from '@tangle/application';
import { MongoSigningKeyStore } from './mongo/mongo-signing-key-store';
import { SqliteSigningKeyStore } from './sqlite/sqlite-signing-key-store';

export interface SigningKeyStoreConfig {
  /** When set, the keys live in this MongoDB (production, shared by every instance). */
  mongoUrl?: string;
  /** Otherwise, in this SQLite file (embedded; created with its directory if missing). */
  sqliteFile: string;
}

export function openSigningKeyStore(config: SigningKeyStoreConfig): Promise<SigningKeyStore> {
  return config.mongoUrl
    ? MongoSigningKeyStore.open(config.mongoUrl)
    : SqliteSigningKeyStore.open(config.sqliteFile);
}
