import type { EventStore } from '@tangle/application';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import type { SqliteSynchronous } from './sqlite/sqlite-schema';

export interface EventStoreConfig {
  /** When set, EventStoreDB is used (e.g. `esdb://localhost:2113?tls=false`); SQLite otherwise. */
  readonly eventstoreUrl?: string;
  readonly sqliteFile: string;
  readonly synchronous?: SqliteSynchronous;
}

export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  if (config.eventstoreUrl) return EsdbEventStore.connect(config.eventstoreUrl);
  return SqliteEventStore.open({ file: config.sqliteFile, synchronous: config.synchronous });
}
