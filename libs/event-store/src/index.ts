export { EsdbEventStore } from './esdb/esdb-event-store';
export { openEventStore, type EventStoreConfig } from './open-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export type { SqliteSynchronous } from './sqlite/sqlite-schema';
