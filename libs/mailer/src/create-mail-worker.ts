import type { Clock, InboundMessage, MessageConsumer } from '@tangle/application';
import type { MailRequest } from '@tangle/contracts';
import { AesGcmSecretSealer } from '@tangle/platform';
import { openSentMailLog } from './dedupe/open-sent-mail-log';
import type { SentMailLog } from './dedupe/sent-mail-log';
import { MAIL_KEY_FILE, loadOrCreateMailKey } from './mail-key';
import { MailWorker } from './mail-worker';
import { redactSmtpUrl, type MailerConfig } from './mailer.config';
import type { MailerLogger } from './mailer-logger';
import { FileMailTransport } from './transports/file-mail-transport';
import type { MailTransport } from './transports/mail-transport';
import { SmtpMailTransport } from './transports/smtp-mail-transport';

export interface MailWorkerDependencies {
  config: MailerConfig;
  consumer: MessageConsumer;
  decode: (message: InboundMessage) => MailRequest;
  deadLetter: (message: InboundMessage, error: Error) => Promise<void>;
  logger: MailerLogger;
  /** Where the file transport's `mail to …` line goes; defaults to logger.log. */
  devLog?: (line: string) => void;
  clock?: Clock;
}

export interface MailerRuntime {
  worker: MailWorker;
  transport: MailTransport;
  log: SentMailLog;
  /** Stops the worker, then closes the transport and the sent-mail log. */
  close(): Promise<void>;
}

/**
 * Builds the mail worker from configuration: SMTP or `.eml` files, MongoDB or SQLite for the
 * sent-mail log, the mail key from MAIL_KEY or embedded mode's key file. Not started yet.
 */
export async function createMailWorker(deps: MailWorkerDependencies): Promise<MailerRuntime> {
  const { config, logger } = deps;
  const sealer = new AesGcmSecretSealer(mailKeyOf(config, logger));
  const transport = createMailTransport(config, deps.devLog ?? ((line) => logger.log(line)));
  let log: SentMailLog;
  try {
    log = await openSentMailLog({
      mongoUrl: config.mongoUrl,
      sqliteFile: config.sentLogFile,
      leaseMs: config.claimLeaseMs,
    });
  } catch (error) {
    await transport.close();
    throw error;
  }
  const worker = new MailWorker({
    consumer: deps.consumer,
    topic: config.topic,
    group: config.group,
    deadLetter: deps.deadLetter,
    decode: deps.decode,
    sealer,
    transport,
    log,
    config,
    logger,
    clock: deps.clock,
  });
  return {
    worker,
    transport,
    log,
    close: async () => {
      try {
        await worker.stop();
      } finally {
        await transport.close();
        await log.close();
      }
    },
  };
}

export function createMailTransport(
  config: MailerConfig,
  devLog: (line: string) => void,
): MailTransport {
  return config.smtpUrl
    ? new SmtpMailTransport({ url: config.smtpUrl, from: config.from })
    : new FileMailTransport({
        dir: config.mailDir,
        from: config.from,
        devLog,
        logSecrets: config.logSecrets,
      });
}

/** One line saying where mails go, without credentials. */
export function describeMailTransport(config: MailerConfig): string {
  return config.smtpUrl
    ? `SMTP ${redactSmtpUrl(config.smtpUrl)}`
    : `.eml files in ${config.mailDir}`;
}

function mailKeyOf(config: MailerConfig, logger: MailerLogger): Buffer {
  if (config.mailKey) return config.mailKey;
  const { key, created } = loadOrCreateMailKey(config.dataDir);
  if (created) {
    logger.warn(
      `MAIL_KEY is not set: created ${config.dataDir}/${MAIL_KEY_FILE}; the auth service must seal with the same key`,
    );
  }
  return key;
}
