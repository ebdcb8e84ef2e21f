export * from './error-catalogue';
export * from './auth-error';
