export * from './open-read-model-store';
export * from './projection-runner';
export * from './position-key';
export * from './projections/projection';
export * from './projections/project-batch';
export * from './projections/sessions.projection';
export * from './projections/users.projection';
export { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';
export { MongoReadModelStore } from './mongo/mongo-read-model-store';
