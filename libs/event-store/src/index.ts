export { EsdbEventStore } from './esdb/esdb-event-store';
export { openEventStore, type EventStoreConfig } from './open-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export type { SqliteSynchronous } from './sqlite/sqlite-schema';
export { DataKeyVault } from './personal-data/data-key-vault';
export { PersonalDataEventStore } from './personal-data/personal-data-event-store';
export { openDataKeyStore, type DataKeyStoreConfig } from './personal-data/open-data-key-store';
export { SqliteDataKeyStore } from './personal-data/sqlite/sqlite-data-key-store';
export { MongoDataKeyStore } from './personal-data/mongo/mongo-data-key-store';
