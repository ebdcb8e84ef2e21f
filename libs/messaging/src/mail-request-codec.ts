import type { MailRequest, MailTemplate } from '@tangle/contracts';
import { SCHEMA_VERSION } from './event-header';
import { v1 } from './schema';
import { longToDecimal, longToMillis, millisToLong, snowflakeToLong } from './snowflake';

/** The integration type of every message on the mail topic. */
export const MAIL_REQUESTED_TYPE = 'mail.requested.v1';

const TEMPLATES: Record<MailTemplate, v1.MailTemplate> = {
  'email-verification': v1.MailTemplate.MAIL_TEMPLATE_EMAIL_VERIFICATION,
  'password-reset': v1.MailTemplate.MAIL_TEMPLATE_PASSWORD_RESET,
  'login-link': v1.MailTemplate.MAIL_TEMPLATE_LOGIN_LINK,
  'password-changed': v1.MailTemplate.MAIL_TEMPLATE_PASSWORD_CHANGED,
  'account-deletion': v1.MailTemplate.MAIL_TEMPLATE_ACCOUNT_DELETION,
  'password-setup': v1.MailTemplate.MAIL_TEMPLATE_PASSWORD_SETUP,
  'email-change': v1.MailTemplate.MAIL_TEMPLATE_EMAIL_CHANGE,
  'email-changed': v1.MailTemplate.MAIL_TEMPLATE_EMAIL_CHANGED,
  'new-sign-in': v1.MailTemplate.MAIL_TEMPLATE_NEW_SIGN_IN,
  takeout: v1.MailTemplate.MAIL_TEMPLATE_TAKEOUT,
};

const TEMPLATE_NAMES = new Map<number, MailTemplate>(
  Object.entries(TEMPLATES).map(([name, value]) => [value, name as MailTemplate]),
);

/** Thrown by decodeMailRequest for a value that is not a mail request this version understands. */
export class UndecodableMailRequestError extends Error {
  constructor(reason: string) {
    super(`Undecodable mail request: ${reason}`);
    this.name = 'UndecodableMailRequestError';
  }
}

export function toMailRequested(request: MailRequest): v1.MailRequested.$Properties {
  return {
    header: {
      eventId: request.eventId,
      type: MAIL_REQUESTED_TYPE,
      schemaVersion: SCHEMA_VERSION,
      occurredAt: millisToLong(request.occurredAt),
      correlationId: request.correlationId,
      userId: snowflakeToLong(request.userId),
    },
    template: TEMPLATES[request.template],
    to: request.to,
    locale: request.locale,
    sealedSecret: request.sealedSecret,
    authId: request.authId,
    expiresAt: request.expiresAt === null ? null : millisToLong(request.expiresAt),
    matchCode: request.matchCode,
    requester: request.requester,
  };
}

/** A MailRequest as the value of a mail-topic message (`MailRequested`). */
export function encodeMailRequest(request: MailRequest): Uint8Array {
  return v1.MailRequested.encode(toMailRequested(request)).finish();
}

/** The MailRequest in a mail-topic message's value; for the mailer. */
export function decodeMailRequest(value: Uint8Array): MailRequest {
  let message: v1.MailRequested;
  try {
    message = v1.MailRequested.decode(value);
  } catch (error) {
    throw new UndecodableMailRequestError(error instanceof Error ? error.message : String(error));
  }
  const header = message.header;
  if (!header || !header.eventId) throw new UndecodableMailRequestError('no header');
  const template = TEMPLATE_NAMES.get(message.template);
  if (!template) throw new UndecodableMailRequestError(`unknown template ${message.template}`);
  return {
    eventId: header.eventId,
    template,
    userId: longToDecimal(header.userId ?? 0),
    to: message.to,
    locale: message.locale,
    sealedSecret: message.sealedSecret ?? null,
    authId: message.authId ?? null,
    matchCode: message.matchCode ?? null,
    requester: message.requester
      ? {
          description: message.requester.description ?? '',
          country: message.requester.country ?? null,
          region: message.requester.region ?? null,
        }
      : null,
    expiresAt: message.expiresAt == null ? null : longToMillis(message.expiresAt),
    occurredAt: longToMillis(header.occurredAt ?? 0),
    correlationId: header.correlationId ?? '',
  };
}
