export * from './event-store.port';
export * from './read-models.port';
export * from './security.ports';
export * from './password-screening.ports';
export * from './runtime.ports';
export * from './messaging.ports';
export * from './rate-limit.port';
