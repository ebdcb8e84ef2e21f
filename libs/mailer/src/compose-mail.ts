import type { SecretSealer } from '@tangle/application';
import type { MailRequest } from '@tangle/contracts';
import { MalformedMailError } from './templates/malformed-mail-error';
import { renderMail, type TemplateSettings } from './templates/render-mail';
import { messageIdFor, type OutgoingMail } from './transports/mail-transport';

/** Opens the request's secret and renders it; throws MalformedMailError if it cannot be mailed. */
export function composeMail(
  request: MailRequest,
  sealer: SecretSealer,
  settings: TemplateSettings,
  now: number,
): OutgoingMail {
  if (!request.to) throw new MalformedMailError('the recipient is missing');
  let secret: string | null = null;
  if (request.sealedSecret !== null) {
    try {
      secret = sealer.open(request.sealedSecret);
    } catch (error) {
      throw new MalformedMailError(
        `the sealed secret does not open (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  const rendered = renderMail(
    {
      template: request.template,
      userId: request.userId,
      locale: request.locale,
      secret,
      authId: request.authId,
      matchCode: request.matchCode,
      requester: request.requester,
      expiresAt: request.expiresAt,
      occurredAt: request.occurredAt,
    },
    settings,
    now,
  );
  return {
    to: request.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: messageIdFor(request.eventId),
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Tangle-Event-Id': request.eventId,
      'X-Tangle-Correlation-Id': request.correlationId,
    },
    template: request.template,
    action: rendered.action,
  };
}
