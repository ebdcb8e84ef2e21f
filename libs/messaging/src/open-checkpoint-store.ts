import type { CheckpointStore, WriterLeases } from '@tangle/application';
import { MongoCheckpointStore } from './checkpoints/mongo-checkpoint-store';
import { SqliteCheckpointStore } from './checkpoints/sqlite-checkpoint-store';

export interface CheckpointStoreConfig {
  /** When set, checkpoints live in this MongoDB (production). */
  mongoUrl?: string;
  /** Otherwise in this SQLite file (embedded; created with its directory if missing). */
  sqliteFile: string;
}

/** Checkpoints, and the writer leases kept beside them. */
export type CheckpointAndLeaseStore = CheckpointStore & WriterLeases;

export function openCheckpointStore(
  config: CheckpointStoreConfig,
): Promise<CheckpointAndLeaseStore> {
  return config.mongoUrl
    ? MongoCheckpointStore.open(config.mongoUrl)
    : SqliteCheckpointStore.open(config.sqliteFile);
}
