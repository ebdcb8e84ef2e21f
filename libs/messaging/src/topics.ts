/** The topics the relay publishes to. */
export interface IntegrationTopics {
  /** Public integration events (`IntegrationEvent`), keyed by user id. */
  readonly events: string;
  /** Mail for the mailer (`MailRequested`), keyed by user id. */
  readonly mail: string;
}

export const DEFAULT_TOPICS: IntegrationTopics = {
  events: 'tangle.auth.events.v1',
  mail: 'tangle.auth.mail.v1',
};
