import type { CheckpointStore } from '@tangle/application';
import { MongoCheckpointStore } from './checkpoints/mongo-checkpoint-store';
import { SqliteCheckpointStore } from './checkpoints/sqlite-checkpoint-store';

export interface CheckpointStoreConfig {
  /** When set, checkpoints live in this MongoDB (production). */
  mongoUrl?: string;
  /** Otherwise in this SQLite file (embedded; created with its directory if missing). */
  sqliteFile: string;
}

export function openCheckpointStore(config: CheckpointStoreConfig): Promise<CheckpointStore> {
  return config.mongoUrl
    ? MongoCheckpointStore.open(config.mongoUrl)
    : SqliteCheckpointStore.open(config.sqliteFile);
}
