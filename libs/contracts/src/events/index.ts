export * from './account.events';
export * from './email-reservation.events';
export * from './session.events';
export * from './metadata';
export * from './streams';
import type { AccountEvent } from './account.events';
import type { EmailReservationEvent } from './email-reservation.events';
import type { SessionEvent } from './session.events';

export type DomainEvent = AccountEvent | EmailReservationEvent | SessionEvent;
