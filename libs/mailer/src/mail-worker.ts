import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock, InboundMessage, MessageConsumer, SecretSealer } from '@tangle/application';
import type { MailRequest } from '@tangle/contracts';
import { composeMail } from './compose-mail';
import type { ClaimResult, SentMailLog } from './dedupe/sent-mail-log';
import type { MailerConfig } from './mailer.config';
import type { MailerLogger } from './mailer-logger';
import { MalformedMailError } from './templates/malformed-mail-error';
import type { MailTransport, OutgoingMail } from './transports/mail-transport';

export type MailWorkerSettings = Pick<
  MailerConfig,
  'productName' | 'publicBaseUrl' | 'maxAttempts' | 'retryDelayMs' | 'retryMaxDelayMs'
>;

export interface MailWorkerOptions {
  consumer: MessageConsumer;
  topic: string;
  group: string;
  /** Publishes a message that cannot be mailed (the wiring: to the dead-letter topic). */
  deadLetter: (message: InboundMessage, error: Error) => Promise<void>;
  decode: (message: InboundMessage) => MailRequest;
  sealer: SecretSealer;
  transport: MailTransport;
  log: SentMailLog;
  config: MailWorkerSettings;
  logger: MailerLogger;
  clock?: Clock;
}

/** What became of one message. */
export type MailOutcome = 'sent' | 'duplicate' | 'expired' | 'dead-lettered';

/** Thrown by a handler interrupted by stop(): the message is not committed, so it comes again. */
export class MailWorkerStoppedError extends Error {
  override readonly name = 'MailWorkerStoppedError';
  constructor() {
    super('the mail worker is stopping; the message will be delivered again');
  }
}

const MIN_POLL_MS = 10;
const MAX_POLL_MS = 1_000;

/**
 * Turns mail requests into mails, each event id at most once (but for a send cut short by a
 * crash, which is retried after the dedupe lease). Per message: decode → claim → open the secret
 * and render → send → mark sent. A failed send is retried with doubling delays up to
 * `maxAttempts`, then dead-lettered; a request that can never be mailed is dead-lettered at once.
 * The handler resolves in all those cases, so the consumer commits and the partition moves on.
 */
export class MailWorker {
  private readonly clock: Clock;
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<MailOutcome>>();

  constructor(private readonly options: MailWorkerOptions) {
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  async start(): Promise<void> {
    const { consumer, topic, group } = this.options;
    await consumer.run(topic, group, async (message) => {
      await this.handle(message);
    });
  }

  /** Stops consuming; a handler waiting to retry gives up without committing its message. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.options.consumer.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /** One message, as the consumer or the in-process bus hands it over. */
  handle(message: InboundMessage): Promise<MailOutcome> {
    if (this.stopping.signal.aborted) return Promise.reject(new MailWorkerStoppedError());
    const handling = this.process(message);
    const settle = () => this.inFlight.delete(handling);
    this.inFlight.add(handling);
    handling.then(settle, settle);
    return handling;
  }

  private async process(message: InboundMessage): Promise<MailOutcome> {
    let request: MailRequest;
    try {
      request = this.options.decode(message);
    } catch (error) {
      const where = `${message.topic}/${message.partition}@${message.offset}`;
      return this.deadLetter(message, asError(error), `message ${where} does not decode`);
    }
    const { eventId, template } = request;
    const label = `mail ${eventId} (${template}, correlation ${request.correlationId})`;

    const { maxAttempts } = this.options.config;
    let mail: OutgoingMail | null = null;
    for (let attempt = 1; ; attempt += 1) {
      // Checked before every attempt: a code that expired while retrying is no use to anyone.
      const now = this.clock.now();
      if (request.expiresAt !== null && request.expiresAt <= now) {
        this.options.logger.log(`${label} expired ${now - request.expiresAt} ms ago; dropped`);
        return 'expired';
      }
      let claimed = false;
      try {
        const claim = await this.claim(eventId);
        if (claim === 'sent') {
          this.options.logger.log(`${label} was sent already; skipped`);
          return 'duplicate';
        }
        if (claim === 'in-flight') throw new Error('another worker still holds it');
        claimed = true;
        mail ??= composeMail(request, this.options.sealer, this.options.config, this.clock.now());
        const result = await this.options.transport.send(mail);
        if (!result.accepted) throw new Error(`the mail server did not accept it (${result.id})`);
      } catch (caught) {
        const error = asError(caught);
        if (claimed) await this.release(eventId, label);
        if (error instanceof MalformedMailError) {
          return this.deadLetter(message, error, `${label} cannot be mailed`);
        }
        if (this.stopping.signal.aborted) throw new MailWorkerStoppedError();
        if (attempt >= maxAttempts) {
          return this.deadLetter(message, error, `${label} failed ${attempt} times`);
        }
        const delay = this.backoff(attempt);
        this.options.logger.warn(
          `${label} attempt ${attempt}/${maxAttempts} failed: ${error.message}; retrying in ${delay} ms`,
        );
        await this.pause(delay);
        continue;
      }
      await this.markSent(eventId, label);
      this.options.logger.log(`${label} sent`);
      return 'sent';
    }
  }

  /**
   * Claims the mail; while another holder's lease runs, waits for it to mark the mail sent or
   * release it (or for the lease to lapse, after a crash), up to the length of one lease.
   */
  private async claim(eventId: string): Promise<ClaimResult> {
    const log = this.options.log;
    const poll = Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, this.options.config.retryDelayMs));
    for (let waited = 0; ; waited += poll) {
      const result = await log.claim(eventId);
      if (result !== 'in-flight' || waited >= log.leaseMs) return result;
      await this.pause(poll);
    }
  }

  /** The mail went out: a failure to record it must not fail the message (it would be resent). */
  private async markSent(eventId: string, label: string): Promise<void> {
    try {
      await this.options.log.markSent(eventId);
    } catch (error) {
      this.options.logger.error(
        `${label} was sent but could not be marked sent: ${asError(error).message}`,
      );
    }
  }

  private async release(eventId: string, label: string): Promise<void> {
    try {
      await this.options.log.release(eventId);
    } catch (error) {
      this.options.logger.warn(
        `${label} claim not released (it lapses with its lease): ${asError(error).message}`,
      );
    }
  }

  private async deadLetter(
    message: InboundMessage,
    error: Error,
    why: string,
  ): Promise<'dead-lettered'> {
    this.options.logger.error(`${why}: ${error.message}; dead-lettered`);
    await this.options.deadLetter(message, error);
    return 'dead-lettered';
  }

  private backoff(attempt: number): number {
    const { retryDelayMs, retryMaxDelayMs } = this.options.config;
    return Math.min(retryMaxDelayMs, retryDelayMs * 2 ** (attempt - 1));
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.stopping.signal });
    } catch {
      throw new MailWorkerStoppedError();
    }
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
