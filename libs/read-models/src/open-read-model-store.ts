import type { ReadModelStore } from '@tangle/application';
import { MongoReadModelStore } from './mongo/mongo-read-model-store';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';

export interface ReadModelStoreConfig {
  /** When set, the read models live in this MongoDB (production). */
  mongoUrl?: string;
  /** Otherwise, in this SQLite file (embedded; created with its directory if missing). */
  sqliteFile: string;
}

export function openReadModelStore(config: ReadModelStoreConfig): Promise<ReadModelStore> {
  return config.mongoUrl
    ? MongoReadModelStore.open(config.mongoUrl)
    : SqliteReadModelStore.open(config.sqliteFile);
}
