import { ConsoleLogger } from '@nestjs/common';

/**
 * The mailer worker. Mail requests (verification codes, reset codes, email-link
 * login) arrive with the mail flows; until then it starts, says so, and waits
 * for a signal, so the deployment's shape is already complete.
 */
function main(): void {
  const logger = new ConsoleLogger('mailer', { json: process.env.LOG_FORMAT === 'json' });
  logger.log('mailer started: no mail flows are served yet; waiting for SIGTERM');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = () => {
    clearInterval(keepAlive);
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
