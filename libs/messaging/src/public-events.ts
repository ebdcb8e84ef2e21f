import type { RecordedEvent } from '@tangle/application';
import {
  AccountDeleted,
  AccountRegistered,
  EmailChanged,
  EmailChangeUndone,
  InviteUsed,
  type InviteType,
  type InviteUsedData,
  EmailVerified,
  PasswordChanged,
  SessionRevoked,
  SessionStarted,
  type AccountRegisteredData,
  type EmailChangedData,
  type EmailChangeUndoneData,
  type EmailVerifiedData,
  type PasswordChangedData,
  type SessionMethod,
  type SessionRevocationReason,
  type SessionRevokedData,
  type SessionStartedData,
} from '@tangle/contracts';
import { eventHeader } from './event-header';
import { v1 } from './schema';
import { snowflakeToLong } from './snowflake';

/** Domain event types that reach the public events topic (some only with certain data). */
export const PUBLIC_EVENT_TYPES: readonly string[] = [
  AccountRegistered,
  EmailVerified,
  EmailChanged,
  EmailChangeUndone,
  PasswordChanged,
  SessionStarted,
  SessionRevoked,
  AccountDeleted,
  InviteUsed,
];

const INVITE_TYPES: Record<InviteType, v1.InviteType> = {
  community: v1.InviteType.INVITE_TYPE_COMMUNITY,
  group: v1.InviteType.INVITE_TYPE_GROUP,
  user: v1.InviteType.INVITE_TYPE_USER,
};

/** A public event: its integration type (the key in the oneof) and the message. */
export interface PublicEvent {
  readonly userId: string;
  readonly type: string;
  readonly message: v1.IntegrationEvent.$Properties;
}

const METHODS: Record<SessionMethod, v1.SessionMethod> = {
  'sign-up': v1.SessionMethod.SESSION_METHOD_SIGN_UP,
  password: v1.SessionMethod.SESSION_METHOD_PASSWORD,
  'email-link': v1.SessionMethod.SESSION_METHOD_EMAIL_LINK,
  registration: v1.SessionMethod.SESSION_METHOD_REGISTRATION,
  oauth: v1.SessionMethod.SESSION_METHOD_OAUTH,
  qr: v1.SessionMethod.SESSION_METHOD_QR,
  passkey: v1.SessionMethod.SESSION_METHOD_PASSKEY,
};

const REVOCATION_REASONS: Record<SessionRevocationReason, v1.SessionRevocationReason> = {
  'revoked-by-user': v1.SessionRevocationReason.SESSION_REVOCATION_REASON_REVOKED_BY_USER,
  'password-reset': v1.SessionRevocationReason.SESSION_REVOCATION_REASON_PASSWORD_RESET,
  'account-deleted': v1.SessionRevocationReason.SESSION_REVOCATION_REASON_ACCOUNT_DELETED,
  'refresh-token-reused': v1.SessionRevocationReason.SESSION_REVOCATION_REASON_REFRESH_TOKEN_REUSED,
};

/**
 * The public integration event for a domain event, or null when the event is private. Only
 * what other services may know is copied: never a hash, a sealed secret, a code or a token.
 */
export function toPublicEvent(event: RecordedEvent): PublicEvent | null {
  switch (event.type) {
    case AccountRegistered: {
      const data = event.data as AccountRegisteredData;
      return publicEvent(event.type, data.userId, {
        accountRegistered: {
          header: eventHeader(event, data.userId, event.type),
          name: data.name,
          email: data.email ?? null,
          username: data.username ?? null,
          hasPassword: data.passwordHash !== null,
          firstName: data.firstName ?? null,
          lastName: data.lastName ?? null,
          phone: data.phone ?? null,
          accountType:
            data.accountType === 'business'
              ? v1.AccountType.ACCOUNT_TYPE_BUSINESS
              : v1.AccountType.ACCOUNT_TYPE_INDIVIDUAL,
          referralCode: data.referralCode ?? null,
        },
      });
    }
    case EmailVerified: {
      const data = event.data as EmailVerifiedData;
      return publicEvent(event.type, data.userId, {
        emailVerified: { header: eventHeader(event, data.userId, event.type), email: data.email },
      });
    }
    case EmailChanged:
    case EmailChangeUndone: {
      // The account proved it owns the address it now has (a code or a link mailed to it):
      // other services learn it as an email-verified event.
      const data = event.data as EmailChangedData | EmailChangeUndoneData;
      return publicEvent(EmailVerified, data.userId, {
        emailVerified: {
          header: eventHeader(event, data.userId, EmailVerified),
          email: data.email,
        },
      });
    }
    case PasswordChanged: {
      const data = event.data as PasswordChangedData;
      // A rehash keeps the same password: nothing happened that another service could act on.
      if (data.reason === 'rehash') return null;
      return publicEvent(event.type, data.userId, {
        passwordChanged: {
          header: eventHeader(event, data.userId, event.type),
          reason:
            data.reason !== 'reset'
              ? v1.PasswordChangeReason.PASSWORD_CHANGE_REASON_CHANGE
              : v1.PasswordChangeReason.PASSWORD_CHANGE_REASON_RESET,
        },
      });
    }
    case SessionStarted: {
      const data = event.data as SessionStartedData;
      return publicEvent(event.type, data.userId, {
        sessionStarted: {
          header: eventHeader(event, data.userId, event.type),
          sessionId: snowflakeToLong(data.sessionId),
          device: {
            clientId: data.clientId,
            deviceType: data.deviceType,
            deviceVersion: data.deviceVersion,
            appName: data.appName,
            appVersion: data.appVersion,
          },
          country: data.country ?? null,
          region: data.region ?? null,
          method: METHODS[data.method] ?? v1.SessionMethod.SESSION_METHOD_UNSPECIFIED,
          approvedBySession: data.approvedBySession
            ? snowflakeToLong(data.approvedBySession)
            : null,
        },
      });
    }
    case SessionRevoked: {
      const data = event.data as SessionRevokedData;
      return publicEvent(event.type, data.userId, {
        sessionRevoked: {
          header: eventHeader(event, data.userId, event.type),
          sessionId: snowflakeToLong(data.sessionId),
          revokedBy: snowflakeToLong(data.revokedBy),
          revokedBySession:
            data.revokedBySession === null ? null : snowflakeToLong(data.revokedBySession),
          reason:
            REVOCATION_REASONS[data.reason] ??
            v1.SessionRevocationReason.SESSION_REVOCATION_REASON_UNSPECIFIED,
        },
      });
    }
    case AccountDeleted: {
      const { userId } = event.data as { userId: string };
      return publicEvent(event.type, userId, {
        accountDeleted: { header: eventHeader(event, userId, event.type) },
      });
    }
    case InviteUsed: {
      const data = event.data as InviteUsedData;
      return publicEvent(event.type, data.userId, {
        inviteUsed: {
          header: eventHeader(event, data.userId, event.type),
          code: data.code,
          type: INVITE_TYPES[data.type] ?? v1.InviteType.INVITE_TYPE_UNSPECIFIED,
          targetId: snowflakeToLong(data.targetId),
          creatorId: snowflakeToLong(data.creatorId),
          userId: snowflakeToLong(data.userId),
          useCount: data.useCount,
        },
      });
    }
    default:
      return null;
  }
}

function publicEvent(
  type: string,
  userId: string,
  message: v1.IntegrationEvent.$Properties,
): PublicEvent {
  return { userId, type, message };
}

/** Decodes a value of the events topic. */
export function decodeIntegrationEvent(value: Uint8Array): v1.IntegrationEvent {
  return v1.IntegrationEvent.decode(value);
}

export function encodeIntegrationEvent(message: v1.IntegrationEvent.$Properties): Uint8Array {
  return v1.IntegrationEvent.encode(message).finish();
}
