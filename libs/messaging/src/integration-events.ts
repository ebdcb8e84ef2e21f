import type { OutboundMessage, RecordedEvent } from '@tangle/application';
import type { AccountContact } from './account-contact';
import { SCHEMA_VERSION } from './event-header';
import { encodeMailRequest, MAIL_REQUESTED_TYPE } from './mail-request-codec';
import { DEFAULT_LOCALE, toMailRequest } from './mail-requests';
import { Headers, PROTOBUF_CONTENT_TYPE } from './message-headers';
import { encodeIntegrationEvent, toPublicEvent } from './public-events';
import { DEFAULT_TOPICS, type IntegrationTopics } from './topics';

export interface MappingContext {
  /** The account's contact, for events where needsAccountContact() is true. */
  readonly account?: AccountContact | null;
  /** Locale of notices to accounts that never had a mailed code. Default `en`. */
  readonly defaultLocale?: string;
}

/**
 * The messages one domain event becomes: its public integration event on the events topic
 * and/or its mail request on the mail topic, each keyed by the user id. Private events become
 * nothing. Pure: whatever state is needed comes in `context`.
 */
export function toIntegrationMessages(
  event: RecordedEvent,
  topics: IntegrationTopics = DEFAULT_TOPICS,
  context: MappingContext = {},
): OutboundMessage[] {
  const messages: OutboundMessage[] = [];
  const publicEvent = toPublicEvent(event);
  if (publicEvent !== null) {
    messages.push({
      topic: topics.events,
      key: publicEvent.userId,
      value: encodeIntegrationEvent(publicEvent.message),
      headers: headers(event, publicEvent.type),
    });
  }
  const mail = toMailRequest(
    event,
    context.account ?? null,
    context.defaultLocale ?? DEFAULT_LOCALE,
  );
  if (mail !== null) {
    messages.push({
      topic: topics.mail,
      key: mail.userId,
      value: encodeMailRequest(mail),
      headers: headers(event, MAIL_REQUESTED_TYPE),
    });
  }
  return messages;
}

function headers(event: RecordedEvent, type: string): Record<string, string> {
  return {
    [Headers.eventId]: event.eventId,
    [Headers.eventType]: type,
    [Headers.correlationId]: event.metadata.correlationId,
    [Headers.schemaVersion]: String(SCHEMA_VERSION),
    [Headers.contentType]: PROTOBUF_CONTENT_TYPE,
  };
}
