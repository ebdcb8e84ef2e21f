import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock, InboundMessage, MessageConsumer, SecretSealer } from '@tangle/application';
import type { MailRequest } from '@tangle/contracts';
import { composeMail } from './compose-mail';
import type { DeferredMail, SentMailLog } from './dedupe/sent-mail-log';
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
  /**
   * How often mails set aside (see `MailWorker`) are looked at again; default a tenth of the
   * claim lease, from 50 ms to 5 s.
   */
  deferredSweepMs?: number;
}

/**
 * What became of one message. `deferred`: another claim on it was still running, so it was set
 * aside durably in the sent-mail log and is retried there once that claim's lease lapses.
 */
export type MailOutcome = 'sent' | 'duplicate' | 'expired' | 'dead-lettered' | 'deferred';

/** Thrown by a handler interrupted by stop(): the message is not committed, so it comes again. */
export class MailWorkerStoppedError extends Error {
  override readonly name = 'MailWorkerStoppedError';
  constructor() {
    super('the mail worker is stopping; the message will be delivered again');
  }
}

/** Most mails set aside that one sweep takes up. */
const SWEEP_BATCH = 32;

/**
 * Turns mail requests into mails, each event id at most once (but for a send cut short by a
 * crash, which is retried after the dedupe lease). Per message: decode → claim → open the secret
 * and render → send → mark sent. A failed send is retried with doubling delays up to
 * `maxAttempts`, then dead-lettered; a request that can never be mailed is dead-lettered at once.
 * The handler resolves in all those cases, so the consumer commits and the partition moves on.
 *
 * A mail whose claim another holder still has (a worker that crashed mid-send, or one still
 * sending it) is not waited for: it is set aside in the sent-mail log, message and all, and the
 * handler resolves once that write is durable, so the mails behind it flow on. A sweep takes it
 * up again when the claim's lease lapses (or when the other holder marked it sent). Nothing is
 * lost: until the set-aside write has succeeded the handler has not resolved, so the consumer
 * has not committed (nor the relay saved its checkpoint); from then on the log holds the mail
 * until it is sent, found sent, expired or dead-lettered, also across restarts.
 */
export class MailWorker {
  private readonly clock: Clock;
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly sweepEveryMs: number;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(private readonly options: MailWorkerOptions) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.sweepEveryMs =
      options.deferredSweepMs ??
      Math.min(5_000, Math.max(50, Math.floor(options.log.leaseMs / 10)));
  }

  async start(): Promise<void> {
    const { consumer, topic, group } = this.options;
    await consumer.run(topic, group, async (message) => {
      await this.handle(message);
    });
    // Mails set aside before a restart are taken up too.
    this.startSweeping();
  }

  /** Stops consuming; a handler waiting to retry gives up without committing its message. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.options.consumer.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /** One message, as the consumer or the in-process bus hands it over. */
  handle(message: InboundMessage): Promise<MailOutcome> {
    if (this.stopping.signal.aborted) return Promise.reject(new MailWorkerStoppedError());
    return this.track(this.process(message));
  }

  /** Takes up the mails set aside whose claim has lapsed by now; one sweep at a time. */
  async sweepDeferred(): Promise<void> {
    if (this.sweeping || this.stopping.signal.aborted) return;
    this.sweeping = true;
    try {
      const due = await this.track(this.options.log.dueDeferred(SWEEP_BATCH));
      await Promise.all(due.map((mail) => this.retryDeferred(mail)));
    } catch (error) {
      this.options.logger.warn(`mails set aside could not be read: ${asError(error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  private async retryDeferred({ eventId, message }: DeferredMail): Promise<void> {
    try {
      const outcome = await this.track(this.process(message));
      // Still held by someone else: process() has set it aside again, with a new due time.
      if (outcome !== 'deferred') await this.options.log.undefer(eventId);
    } catch (error) {
      // Kept in the log: the next sweep (or the next run) tries again.
      if (error instanceof MailWorkerStoppedError) return;
      this.options.logger.warn(
        `mail ${eventId} set aside could not be handled: ${asError(error).message}; tried again later`,
      );
    }
  }

  private startSweeping(): void {
    if (this.sweeper !== null || this.stopping.signal.aborted) return;
    this.sweeper = setInterval(() => void this.sweepDeferred(), this.sweepEveryMs);
    this.sweeper.unref();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const settle = () => this.inFlight.delete(work);
    this.inFlight.add(work);
    work.then(settle, settle);
    return work;
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
      // A failed claim is retried like a failed send; a claim held elsewhere sets the mail aside
      // (and a failure to do that fails the handler: the message is not committed, comes again).
      const claim = await this.options.log.claim(eventId).catch(asError);
      if (claim === 'sent') {
        this.options.logger.log(`${label} was sent already; skipped`);
        return 'duplicate';
      }
      if (claim === 'in-flight') return this.defer(eventId, message, label);
      let claimed = false;
      try {
        if (claim instanceof Error) throw claim;
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
   * Another holder's claim runs: sets the mail aside (durably: a failure here fails the handler,
   * so the message is not committed) instead of holding back the mails behind it.
   */
  private async defer(
    eventId: string,
    message: InboundMessage,
    label: string,
  ): Promise<'deferred'> {
    await this.options.log.defer(eventId, message);
    this.options.logger.log(
      `${label} is claimed by another send (a worker that stopped mid-send, or one still at it); set aside until that claim lapses`,
    );
    this.startSweeping();
    return 'deferred';
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
