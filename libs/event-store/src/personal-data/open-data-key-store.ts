import type { DataKeyStore } from '@tangle/application';
import { MongoDataKeyStore } from './mongo/mongo-data-key-store';
import { SqliteDataKeyStore } from './sqlite/sqlite-data-key-store';

export interface DataKeyStoreConfig {
  /** When set, the keys live in this MongoDB (production, shared by every instance). */
  mongoUrl?: string;
  /** Otherwise, in this SQLite file (embedded). */
  sqliteFile: string;
}

export function openDataKeyStore(config: DataKeyStoreConfig): Promise<DataKeyStore> {
  return config.mongoUrl
    ? MongoDataKeyStore.open(config.mongoUrl)
    : SqliteDataKeyStore.open(config.sqliteFile);
}
