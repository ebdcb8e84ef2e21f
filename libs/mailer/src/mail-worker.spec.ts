import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundMessage, MessageConsumer } from '@tangle/application';
import type { MailRequest } from '@tangle/contracts';
import { AesGcmSecretSealer } from '@tangle/platform';
import type { SentMailLog } from './dedupe/sent-mail-log';
import { SqliteSentMailLog } from './dedupe/sqlite-sent-mail-log';
import { MailWorker, MailWorkerStoppedError, type MailWorkerSettings } from './mail-worker';
import { LoopbackSmtpServer } from './testing/loopback-smtp-server';
import type { MailTransport, OutgoingMail, SendResult } from './transports/mail-transport';
import { SmtpMailTransport } from './transports/smtp-mail-transport';

const TOPIC = 'tangle.auth.mail.v1';
const GROUP = 'tangle-auth-mailer';
const LEASE_MS = 60_000;
const SETTINGS: MailWorkerSettings = {
  productName: 'Tangle',
  publicBaseUrl: 'https://chat.example.org',
  maxAttempts: 3,
  retryDelayMs: 5,
  retryMaxDelayMs: 20,
};

/** Hands messages to the handler like a consumer group would, committing after it resolves. */
class FakeConsumer implements MessageConsumer {
  handler: ((message: InboundMessage) => Promise<void>) | null = null;
  subscribed: Array<{ topic: string; group: string }> = [];
  committed: string[] = [];
  stopped = false;

  async run(topic: string, group: string, handler: (message: InboundMessage) => Promise<void>) {
    this.subscribed.push({ topic, group });
    this.handler = handler;
  }

  async deliver(message: InboundMessage): Promise<void> {
    if (!this.handler) throw new Error('not running');
    await this.handler(message);
    this.committed.push(message.offset);
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }
}

/** Counts sends; fails the first `failures` of them, then hands over to the real transport. */
class CountingTransport implements MailTransport {
  sends = 0;
  constructor(
    private readonly inner: MailTransport,
    private failures = 0,
  ) {}

  async send(mail: OutgoingMail): Promise<SendResult> {
    this.sends += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('connection reset');
    }
    return this.inner.send(mail);
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}

const decode = (message: InboundMessage): MailRequest =>
  JSON.parse(Buffer.from(message.value).toString('utf8')) as MailRequest;

describe('MailWorker', () => {
  let dir: string;
  let server: LoopbackSmtpServer;
  let smtp: SmtpMailTransport;
  let sealer: AesGcmSecretSealer;
  let now: number;
  let logs: SentMailLog[];
  let lines: Array<{ level: string; message: string }>;
  let deadLetters: Array<{ message: InboundMessage; error: Error }>;
  let offset: number;

  const logger = {
    log: (message: string) => lines.push({ level: 'log', message }),
    warn: (message: string) => lines.push({ level: 'warn', message }),
    error: (message: string) => lines.push({ level: 'error', message }),
  };
  const clock = { now: () => now };

  const openLog = async (): Promise<SentMailLog> => {
    const log = await SqliteSentMailLog.open(join(dir, 'mail-sent.sqlite'), {
      leaseMs: LEASE_MS,
      now: () => now,
    });
    logs.push(log);
    return log;
  };

  const worker = (
    consumer: MessageConsumer,
    transport: MailTransport,
    log: SentMailLog,
    config: Partial<MailWorkerSettings> = {},
  ) =>
    new MailWorker({
      consumer,
      topic: TOPIC,
      group: GROUP,
      deadLetter: async (message, error) => {
        deadLetters.push({ message, error });
      },
      decode,
      sealer,
      transport,
      log,
      config: { ...SETTINGS, ...config },
      logger,
      clock,
    });

  const request = (overrides: Partial<MailRequest> = {}): MailRequest => ({
    eventId: '1001',
    template: 'email-verification',
    userId: '42',
    to: 'ada@example.org',
    locale: 'en',
    sealedSecret: sealer.seal('493817'),
    authId: null,
    matchCode: null,
    requester: null,
    expiresAt: now + 15 * 60_000,
    occurredAt: now,
    correlationId: 'corr-1',
    ...overrides,
  });

  const message = (body: MailRequest | string): InboundMessage => {
    offset += 1;
    return {
      topic: TOPIC,
      partition: 0,
      offset: String(offset),
      key: '42',
      value: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
      headers: {},
    };
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-mail-worker-'));
    server = await LoopbackSmtpServer.start();
    smtp = new SmtpMailTransport({ url: server.url(), from: 'Tangle <no-reply@example.org>' });
    sealer = new AesGcmSecretSealer(randomBytes(32));
    now = Date.UTC(2026, 2, 15, 10, 0);
    logs = [];
    lines = [];
    deadLetters = [];
    offset = 0;
  });

  afterEach(async () => {
    await smtp.close();
    await server.close();
    for (const log of logs) await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('consumes its topic in its group and mails each request, committing after the send', async () => {
    const consumer = new FakeConsumer();
    const mailer = worker(consumer, smtp, await openLog());
    await mailer.start();
    expect(consumer.subscribed).toEqual([{ topic: TOPIC, group: GROUP }]);

    await consumer.deliver(message(request()));

    expect(consumer.committed).toEqual(['1']);
    const [mail] = await server.waitFor(1);
    expect(mail.envelopeTo).toEqual(['ada@example.org']);
    expect(mail.parsed.subject).toBe('Verify your email address for Tangle');
    expect(mail.parsed.text).toContain('493817');
    expect(mail.parsed.messageId).toBe('<1001@tangle-auth>');
    expect(mail.parsed.headers.get('x-tangle-correlation-id')).toBe('corr-1');
    expect(lines.map((line) => line.message)).toEqual([
      'mail 1001 (email-verification, correlation corr-1) sent',
    ]);
  });

  it('never writes the code to its own log lines, whatever happens', async () => {
    const transport = new CountingTransport(smtp, 1);
    const mailer = worker(new FakeConsumer(), transport, await openLog());

    await mailer.handle(message(request()));
    await mailer.handle(message(request()));
    await mailer.handle(message(request({ eventId: '1002', expiresAt: now - 1 })));

    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.some((line) => line.message.includes('493817'))).toBe(false);
  });

  it('sends once per event id when a message is delivered twice', async () => {
    const consumer = new FakeConsumer();
    await worker(consumer, smtp, await openLog()).start();

    const first = message(request());
    await consumer.deliver(first);
    await consumer.deliver(first);
    await consumer.deliver(message(request())); // the same event, republished at another offset

    expect(consumer.committed).toEqual(['1', '1', '2']);
    expect(server.received).toHaveLength(1);
    expect(lines.filter((line) => line.message.endsWith('was sent already; skipped'))).toHaveLength(
      2,
    );
  });

  it('sends once when two workers get the same event at the same moment', async () => {
    const transport = new CountingTransport(smtp);
    const a = worker(new FakeConsumer(), transport, await openLog());
    const b = worker(new FakeConsumer(), transport, await openLog());

    const outcomes = await Promise.all([
      a.handle(message(request())),
      b.handle(message(request())),
    ]);

    expect(outcomes.sort()).toEqual(['deferred', 'sent']);
    expect(transport.sends).toBe(1);
    expect(server.received).toHaveLength(1);

    // The one set aside finds the mail sent when it is taken up again, and is forgotten.
    const log = logs[0];
    now += LEASE_MS;
    const [deferred] = await log.dueDeferred(10);
    expect(deferred.eventId).toBe('1001');
    await (outcomes[0] === 'deferred' ? a : b).sweepDeferred();
    expect(transport.sends).toBe(1);
    expect(await log.dueDeferred(10)).toEqual([]);
    await a.stop();
    await b.stop();
  });

  it('retries a failing send with growing delays, then succeeds', async () => {
    const transport = new CountingTransport(smtp, 2);
    const mailer = worker(new FakeConsumer(), transport, await openLog());

    expect(await mailer.handle(message(request()))).toBe('sent');

    expect(transport.sends).toBe(3);
    expect(server.received).toHaveLength(1);
    expect(deadLetters).toHaveLength(0);
    expect(lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual([
      expect.stringMatching(/attempt 1\/3 failed: connection reset; retrying in 5 ms$/),
      expect.stringMatching(/attempt 2\/3 failed: connection reset; retrying in 10 ms$/),
    ]);
  });

  it('dead-letters after maxAttempts when the server keeps refusing, and moves on', async () => {
    const refusing = await LoopbackSmtpServer.start({ failWith: 451 });
    const transport = new CountingTransport(
      new SmtpMailTransport({ url: refusing.url(), from: 'no-reply@example.org' }),
    );
    const consumer = new FakeConsumer();
    const log = await openLog();
    await worker(consumer, transport, log).start();
    try {
      const failing = message(request());
      await consumer.deliver(failing);

      expect(transport.sends).toBe(3);
      expect(deadLetters).toHaveLength(1);
      expect(deadLetters[0].message).toBe(failing);
      expect(deadLetters[0].error.message).toMatch(/451/);
      expect(consumer.committed).toEqual(['1']);
      // The claim was given back: a replay from the dead-letter topic can still send it.
      expect(await log.claim('1001')).toBe('new');
    } finally {
      await transport.close();
      await refusing.close();
    }
  });

  it('dead-letters an undecodable message at once, without retrying', async () => {
    const transport = new CountingTransport(smtp);
    const consumer = new FakeConsumer();
    await worker(consumer, transport, await openLog()).start();

    await consumer.deliver(message('{not json'));

    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0].error).toBeInstanceOf(SyntaxError);
    expect(transport.sends).toBe(0);
    expect(consumer.committed).toEqual(['1']);
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(0);
  });

  it('dead-letters at once a request whose secret does not open, and releases its claim', async () => {
    const transport = new CountingTransport(smtp);
    const log = await openLog();
    const foreign = new AesGcmSecretSealer(randomBytes(32)).seal('493817');
    const mailer = worker(new FakeConsumer(), transport, log);

    expect(await mailer.handle(message(request({ sealedSecret: foreign })))).toBe('dead-lettered');

    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0].error.message).toMatch(/the sealed secret does not open/);
    expect(transport.sends).toBe(0);
    expect(await log.claim('1001')).toBe('new');
  });

  it('dead-letters at once a request that lacks what its template needs', async () => {
    const mailer = worker(new FakeConsumer(), smtp, await openLog());

    const outcome = await mailer.handle(
      message(request({ template: 'login-link', authId: null, sealedSecret: sealer.seal('t') })),
    );

    expect(outcome).toBe('dead-lettered');
    expect(deadLetters[0].error.message).toBe('the login attempt id is missing');
    expect(server.received).toHaveLength(0);
  });

  it('drops an expired request with a log line and sends nothing', async () => {
    const consumer = new FakeConsumer();
    const transport = new CountingTransport(smtp);
    await worker(consumer, transport, await openLog()).start();

    await consumer.deliver(message(request({ expiresAt: now - 1_000 })));

    expect(transport.sends).toBe(0);
    expect(deadLetters).toHaveLength(0);
    expect(consumer.committed).toEqual(['1']);
    expect(lines).toEqual([
      {
        level: 'log',
        message: 'mail 1001 (email-verification, correlation corr-1) expired 1000 ms ago; dropped',
      },
    ]);
  });

  it('sends a notice without a secret', async () => {
    const mailer = worker(new FakeConsumer(), smtp, await openLog());

    await mailer.handle(
      message(request({ template: 'password-changed', sealedSecret: null, expiresAt: null })),
    );

    const [mail] = await server.waitFor(1);
    expect(mail.parsed.subject).toBe('Your Tangle password was changed');
  });

  describe('a crash between send and markSent', () => {
    /** The log of a process that dies right after the send: markSent never lands. */
    const crashingOnMarkSent = (log: SentMailLog): SentMailLog => ({
      leaseMs: log.leaseMs,
      claim: (eventId) => log.claim(eventId),
      markSent: async () => {
        throw new Error('process killed');
      },
      release: (eventId) => log.release(eventId),
      defer: (eventId, message) => log.defer(eventId, message),
      dueDeferred: (limit) => log.dueDeferred(limit),
      undefer: (eventId) => log.undefer(eventId),
      close: () => log.close(),
    });

    it('sends at most one duplicate after a restart, and loses nothing', async () => {
      const delivered = message(request());
      const crashed = worker(new FakeConsumer(), smtp, crashingOnMarkSent(await openLog()));
      expect(await crashed.handle(delivered)).toBe('sent');
      expect(server.received).toHaveLength(1);
      await logs[0].close();

      // The offset was never committed: a fresh worker on the same file gets it again.
      now += LEASE_MS;
      const restarted = worker(new FakeConsumer(), smtp, await openLog());
      expect(await restarted.handle(delivered)).toBe('sent');
      expect(await restarted.handle(delivered)).toBe('duplicate');
      expect(await restarted.handle(message(request()))).toBe('duplicate');

      const received = await server.waitFor(2);
      expect(received).toHaveLength(2);
      expect(received.map((mail) => mail.parsed.messageId)).toEqual([
        '<1001@tangle-auth>',
        '<1001@tangle-auth>',
      ]);
    });

    it('sets the redelivered mail aside and sends it once the lapsed lease lets it', async () => {
      const crashed = worker(new FakeConsumer(), smtp, crashingOnMarkSent(await openLog()));
      await crashed.handle(message(request()));

      const consumer = new FakeConsumer();
      const restarted = worker(consumer, smtp, await openLog());
      await restarted.start();
      await consumer.deliver(message(request()));
      expect(consumer.committed).toEqual(['2']);
      expect(lines.at(-1)?.message).toContain('set aside until that claim lapses');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.received).toHaveLength(1);

      now += LEASE_MS;
      await restarted.sweepDeferred();
      expect(server.received).toHaveLength(2);
      expect(await logs[1].claim('1001')).toBe('sent');
      expect(await logs[1].dueDeferred(10)).toEqual([]);
      expect(deadLetters).toHaveLength(0);
      await restarted.stop();
    });
  });

  it('on stop, gives up a retry without committing, releasing the claim for the next run', async () => {
    const consumer = new FakeConsumer();
    const log = await openLog();
    const mailer = worker(consumer, new CountingTransport(smtp, 10), log, {
      retryDelayMs: 10_000,
      retryMaxDelayMs: 10_000,
    });
    await mailer.start();

    const delivery = consumer.deliver(message(request()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await mailer.stop();

    await expect(delivery).rejects.toBeInstanceOf(MailWorkerStoppedError);
    expect(consumer.committed).toEqual([]);
    expect(consumer.stopped).toBe(true);
    expect(deadLetters).toHaveLength(0);
    expect(await log.claim('1001')).toBe('new');
    await expect(mailer.handle(message(request()))).rejects.toBeInstanceOf(MailWorkerStoppedError);
  });

  it('lets a failing dead-letter publish fail the handler, so the message is not committed', async () => {
    const consumer = new FakeConsumer();
    const mailer = new MailWorker({
      consumer,
      topic: TOPIC,
      group: GROUP,
      deadLetter: async () => {
        throw new Error('broker down');
      },
      decode,
      sealer,
      transport: smtp,
      log: await openLog(),
      config: SETTINGS,
      logger,
      clock,
    });
    await mailer.start();

    await expect(consumer.deliver(message('garbage'))).rejects.toThrow('broker down');
    expect(consumer.committed).toEqual([]);
  });
});
