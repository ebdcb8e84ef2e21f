export * from './shared/decider';
export * from './shared/text';
export * from './account/account.decider';
export * from './account/display-name';
export * from './account/password-policy';
export * from './email/email-address';
export * from './email/email-reservation.decider';
export * from './session/session.decider';
