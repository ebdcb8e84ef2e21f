import type { RateLimitStore } from '@tangle/application';
import { MongoRateLimitStore } from './mongo/mongo-rate-limit-store';
import { SqliteRateLimitStore } from './sqlite/sqlite-rate-limit-store';

export interface RateLimitStoreConfig {
  /** When set, the counters live in this MongoDB (production, shared by every instance). */
  mongoUrl?: string;
  /** Otherwise, in this SQLite file (embedded; created with its directory if missing). */
  sqliteFile: string;
}

export function openRateLimitStore(config: RateLimitStoreConfig): Promise<RateLimitStore> {
  return config.mongoUrl
    ? MongoRateLimitStore.open(config.mongoUrl)
    : SqliteRateLimitStore.open(config.sqliteFile);
}
