export * from './account.events';
export * from './account-deletion.events';
export * from './personal-data';
export * from './account-totp.events';
export * from './mfa-ticket.events';
export * from './account-settings.events';
export * from './email-reservation.events';
export * from './session.events';
export * from './login.events';
export * from './qr-login.events';
export * from './username-reservation.events';
export * from './passkey.events';
export * from './sign-in-failure.events';
export * from './invite.events';
export * from './target.events';
export * from './oauth.events';
export * from './metadata';
export * from './streams';
import type { AccountEvent } from './account.events';
import type { EmailReservationEvent } from './email-reservation.events';
import type { SessionEvent } from './session.events';
import type { LoginEvent } from './login.events';
import type { QrLoginEvent } from './qr-login.events';
import type { UsernameReservationEvent } from './username-reservation.events';
import type { MfaTicketEvent } from './mfa-ticket.events';
import type { CredentialReservationEvent, PasskeyEvent } from './passkey.events';
import type { SignInFailureEvent } from './sign-in-failure.events';
import type { InviteEvent } from './invite.events';
import type { TargetEvent } from './target.events';
import type { OAuthSubjectEvent } from './oauth.events';

export type DomainEvent =
  | AccountEvent
  | EmailReservationEvent
  | SessionEvent
  | LoginEvent
  | UsernameReservationEvent
  | SignInFailureEvent
  | InviteEvent
  | TargetEvent
  | OAuthSubjectEvent
  | MfaTicketEvent
  | QrLoginEvent
  | PasskeyEvent
  | CredentialReservationEvent;
