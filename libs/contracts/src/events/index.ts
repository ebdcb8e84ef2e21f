export * from './account.events';
export * from './account-settings.events';
export * from './email-reservation.events';
export * from './session.events';
export * from './login.events';
export * from './username-reservation.events';
export * from './sign-in-failure.events';
export * from './invite.events';
export * from './target.events';
export * from './metadata';
export * from './streams';
import type { AccountEvent } from './account.events';
import type { EmailReservationEvent } from './email-reservation.events';
import type { SessionEvent } from './session.events';
import type { LoginEvent } from './login.events';
import type { UsernameReservationEvent } from './username-reservation.events';
import type { SignInFailureEvent } from './sign-in-failure.events';
import type { InviteEvent } from './invite.events';
import type { TargetEvent } from './target.events';

export type DomainEvent =
  | AccountEvent
  | EmailReservationEvent
  | SessionEvent
  | LoginEvent
  | UsernameReservationEvent
  | SignInFailureEvent
  | InviteEvent
  | TargetEvent;
