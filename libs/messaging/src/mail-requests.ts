import type { RecordedEvent } from '@tangle/application';
import {
  AccountDeletionRequested,
  ERASED,
  EmailChanged,
  EmailChangeRequested,
  AccountSessionLinked,
  EmailVerificationRequested,
  TakeoutRequested,
  LoginLinkRequested,
  PasswordChanged,
  PasswordResetRequested,
  type AccountDeletionRequestedData,
  PasswordSetupRequested,
  type EmailChangedData,
  type EmailChangeRequestedData,
  type EmailVerificationRequestedData,
  type LoginLinkRequestedData,
  type MailRequest,
  type MailTemplate,
  type PasswordChangedData,
  type PasswordResetRequestedData,
  type PasswordSetupRequestedData,
  type AccountSessionLinkedData,
  type TakeoutRequestedData,
} from '@tangle/contracts';
import type { AccountContact } from './account-contact';

/** Domain event types that may ask for a mail. */
export const MAIL_EVENT_TYPES: readonly string[] = [
  EmailVerificationRequested,
  PasswordResetRequested,
  LoginLinkRequested,
  PasswordChanged,
  AccountDeletionRequested,
  PasswordSetupRequested,
  EmailChangeRequested,
  EmailChanged,
  AccountSessionLinked,
  TakeoutRequested,
];

export const DEFAULT_LOCALE = 'en';

/** The template of each event that mails a code. */
const CODE_TEMPLATES: Record<string, MailTemplate> = {
  [EmailVerificationRequested]: 'email-verification',
  [PasswordResetRequested]: 'password-reset',
  [PasswordSetupRequested]: 'password-setup',
  [EmailChangeRequested]: 'email-change',
};

/**
 * Whether the mail for this event needs the account's contact, which the event does not carry
 * (a password-changed notice goes to the account's address).
 */
export function needsAccountContact(event: RecordedEvent): boolean {
  if (event.type === AccountDeletionRequested) return true;
  // The account decided the notice when it linked the session (deterministic on replay).
  if (event.type === AccountSessionLinked) {
    return (event.data as AccountSessionLinkedData).newSignIn === true;
  }
  if (event.type !== PasswordChanged) return false;
  const { reason } = event.data as PasswordChangedData;
  return reason === 'change' || reason === 'reset' || reason === 'setup';
}

/**
 * The mail a domain event asks for, or null. Secrets stay sealed as the event holds them.
 * `contact` is needed when needsAccountContact(event); without an address there is no mail.
 */
export function toMailRequest(
  event: RecordedEvent,
  contact: AccountContact | null,
  defaultLocale = DEFAULT_LOCALE,
): MailRequest | null {
  const common = {
    eventId: event.eventId,
    occurredAt: event.metadata.serverTime,
    correlationId: event.metadata.correlationId,
  };
  switch (event.type) {
    case EmailVerificationRequested:
    case PasswordResetRequested:
    case PasswordSetupRequested:
    case EmailChangeRequested: {
      const data = event.data as
        | EmailVerificationRequestedData
        | PasswordResetRequestedData
        | PasswordSetupRequestedData
        | EmailChangeRequestedData;
      if (data.email === ERASED) return null;
      return {
        ...common,
        template: CODE_TEMPLATES[event.type],
        userId: data.userId,
        to: data.email,
        locale: data.locale,
        sealedSecret: data.sealedCode,
        authId: null,
        matchCode: null,
        requester: null,
        expiresAt: data.expiresAt,
      };
    }
    case LoginLinkRequested: {
      const data = event.data as LoginLinkRequestedData;
      if (data.email === ERASED) return null;
      return {
        ...common,
        template: 'login-link',
        userId: data.userId,
        to: data.email,
        locale: data.locale,
        sealedSecret: data.sealedLinkToken,
        authId: data.authId,
        matchCode: data.matchCode ?? null,
        requester: data.requester ?? null,
        expiresAt: data.expiresAt,
      };
    }
    case AccountDeletionRequested: {
      // An erased address (the account is gone, the relay replays) gets no mail.
      if (!contact?.email || contact.email === ERASED) return null;
      const data = event.data as AccountDeletionRequestedData;
      return {
        ...common,
        template: 'account-deletion',
        userId: data.userId,
        to: contact.email,
        locale: contact.locale ?? defaultLocale,
        sealedSecret: null,
        authId: null,
        matchCode: null,
        requester: null,
        expiresAt: data.dueAt,
      };
    }
    case EmailChanged: {
      // The notice and its undo link go to the address the change replaced (none: no mail).
      const data = event.data as EmailChangedData;
      if (data.previousEmail === null || data.sealedUndoToken === null) return null;
      return {
        ...common,
        template: 'email-changed',
        userId: data.userId,
        to: data.previousEmail,
        locale: data.locale,
        sealedSecret: data.sealedUndoToken,
        authId: null,
        matchCode: null,
        requester: null,
        expiresAt: data.undoUntil,
      };
    }
    case PasswordChanged: {
      if (!needsAccountContact(event) || !contact?.email || contact.email === ERASED) return null;
      const data = event.data as PasswordChangedData;
      return {
        ...common,
        template: 'password-changed',
        userId: data.userId,
        to: contact.email,
        locale: contact.locale ?? defaultLocale,
        sealedSecret: null,
        authId: null,
        matchCode: null,
        requester: null,
        expiresAt: null,
      };
    }
    case AccountSessionLinked: {
      if (!needsAccountContact(event) || !contact?.email) return null;
      const data = event.data as AccountSessionLinkedData;
      return {
        ...common,
        template: 'new-sign-in',
        userId: data.userId,
        to: contact.email,
        locale: contact.locale ?? defaultLocale,
        sealedSecret: null,
        authId: null,
        matchCode: null,
        requester: {
          description: describeSignedInDevice(data.deviceType ?? '', data.deviceVersion ?? ''),
          country: data.country ?? null,
          region: data.region ?? null,
        },
        expiresAt: null,
      };
    }
    case TakeoutRequested: {
      const data = event.data as TakeoutRequestedData;
      return {
        ...common,
        template: 'takeout',
        userId: data.userId,
        to: data.email,
        locale: data.locale,
        sealedSecret: data.sealedToken,
        authId: null,
        matchCode: null,
        requester: null,
        expiresAt: data.expiresAt,
      };
    }
    default:
      return null;
  }
}

/** `Firefox 140 on Linux (desktop)`: the device as its client described it. */
function describeSignedInDevice(deviceType: string, deviceVersion: string): string {
  return deviceVersion ? `${deviceVersion} (${deviceType})` : deviceType;
}
