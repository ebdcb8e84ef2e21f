export * from './access-token-settings';
export * from './jose-access-tokens';
export * from './key-schedule';
export * from './signing-key-material';
export * from './signing-key-ring';
export * from './open-signing-key-store';
export { SqliteSigningKeyStore } from './sqlite/sqlite-signing-key-store';
export { MongoSigningKeyStore } from './mongo/mongo-signing-key-store';
