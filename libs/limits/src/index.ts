export * from './open-rate-limit-store';
export { SqliteRateLimitStore } from './sqlite/sqlite-rate-limit-store';
export { MongoRateLimitStore } from './mongo/mongo-rate-limit-store';
