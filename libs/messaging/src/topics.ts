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

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * The relay's topics as the environment names them (EVENTS_TOPIC, MAIL_TOPIC; the mailer reads
 * MAIL_TOPIC too), with the defaults above. Throws on a name Kafka would refuse.
 */
export function integrationTopicsFrom(env: Record<string, string | undefined>): IntegrationTopics {
  const topic = (variable: string, fallback: string): string => {
    const name = env[variable]?.trim() || fallback;
    if (!TOPIC_NAME.test(name)) {
      throw new Error(`${variable}: ${JSON.stringify(name)} is not a Kafka topic name`);
    }
    return name;
  };
  return {
    events: topic('EVENTS_TOPIC', DEFAULT_TOPICS.events),
    mail: topic('MAIL_TOPIC', DEFAULT_TOPICS.mail),
  };
}
