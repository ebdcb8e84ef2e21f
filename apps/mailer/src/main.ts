import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import {
  MAIL_KEY_FILE,
  MailerConfigError,
  describeMailTransport,
  loadMailerConfig,
} from '@tangle/mailer';

/**
 * The mailer worker. It loads its configuration and says how it will run; consuming the mail
 * topic arrives with the Kafka consumer of libs/messaging (createMailWorker from @tangle/mailer,
 * given that consumer, then `worker.start()`). Until then it waits for a signal.
 */
function main(): void {
  const logger = new ConsoleLogger('mailer', { json: process.env.LOG_FORMAT === 'json' });
  let config;
  try {
    config = loadMailerConfig();
  } catch (error) {
    if (!(error instanceof MailerConfigError)) throw error;
    logger.error(error.message);
    process.exit(78);
  }
  logger.log(
    [
      `would consume ${config.topic} as ${config.group}`,
      `dead letters to ${config.deadLetterTopic}`,
      `mail via ${describeMailTransport(config)}`,
      `sent-mail log in ${config.mongoUrl ? 'MongoDB' : config.sentLogFile}`,
      `mail key from ${config.mailKey ? 'MAIL_KEY' : join(config.dataDir, MAIL_KEY_FILE)}`,
      `up to ${config.maxAttempts} attempts per mail`,
    ].join('; '),
  );
  logger.log('no Kafka consumer is wired yet; waiting for SIGTERM');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = () => {
    clearInterval(keepAlive);
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
