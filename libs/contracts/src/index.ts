export * from './errors';
export * from './events';
export * from './mail/mail-request';
