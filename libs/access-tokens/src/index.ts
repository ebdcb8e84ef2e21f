export * from './open-signing-key-store';
export { SqliteSigningKeyStore } from './sqlite/sqlite-signing-key-store';
export { MongoSigningKeyStore } from './mongo/mongo-signing-key-store';
