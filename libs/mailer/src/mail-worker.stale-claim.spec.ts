import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundMessage } from '@tangle/application';
import type { MailRequest } from '@tangle/contracts';
import { InProcessBus } from '@tangle/messaging';
import { AesGcmSecretSealer } from '@tangle/platform';
import { SqliteSentMailLog } from './dedupe/sqlite-sent-mail-log';
import { MailWorker } from './mail-worker';
import type { MailTransport, OutgoingMail, SendResult } from './transports/mail-transport';

const TOPIC = 'tangle.auth.mail.v1';
const LEASE_MS = 1_500;

/** Records when each mail went out, by Message-ID. */
class RecordingTransport implements MailTransport {
  readonly sent: Array<{ messageId: string; at: number }> = [];
  async send(mail: OutgoingMail): Promise<SendResult> {
    this.sent.push({ messageId: mail.messageId, at: Date.now() });
    return { accepted: true, id: mail.messageId };
  }
  async close(): Promise<void> {}
  at(eventId: string): number | undefined {
    return this.sent.find((mail) => mail.messageId === `<${eventId}@tangle-auth>`)?.at;
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Embedded mode's path: the relay publishes on the in-process bus, whose publish resolves only
 * once the mailer handled every message. A claim left by a worker that died mid-send must hold
 * back only its own mail, and that mail must still go out once the claim lapses.
 */
describe('MailWorker and a claim left by a crashed worker', () => {
  let dir: string;
  let sealer: AesGcmSecretSealer;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-stale-claim-'));
    sealer = new AesGcmSecretSealer(randomBytes(32));
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const openLog = async () => {
    const log = await SqliteSentMailLog.open(join(dir, 'mail-sent.sqlite'), { leaseMs: LEASE_MS });
    closers.push(() => log.close());
    return log;
  };

  const startWorker = async (bus: InProcessBus, transport: MailTransport) => {
    const worker = new MailWorker({
      consumer: bus,
      topic: TOPIC,
      group: 'tangle-auth-mailer',
      deadLetter: async () => {
        throw new Error('nothing here should be dead-lettered');
      },
      decode: (message: InboundMessage) =>
        JSON.parse(Buffer.from(message.value).toString('utf8')) as MailRequest,
      sealer,
      transport,
      log: await openLog(),
      config: {
        productName: 'Tangle',
        publicBaseUrl: 'https://chat.example.org',
        maxAttempts: 3,
        retryDelayMs: 5,
        retryMaxDelayMs: 20,
      },
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      deferredSweepMs: 25,
    });
    await worker.start();
    closers.push(() => worker.stop());
    return worker;
  };

  const mailRequest = (eventId: string) => ({
    topic: TOPIC,
    key: '42',
    headers: {},
    value: Buffer.from(
      JSON.stringify({
        eventId,
        template: 'email-verification',
        userId: '42',
        to: 'ada@example.org',
        locale: 'en',
        sealedSecret: sealer.seal('493817'),
        authId: null,
        matchCode: null,
        requester: null,
        expiresAt: Date.now() + 15 * 60_000,
        occurredAt: Date.now(),
        correlationId: `corr-${eventId}`,
      } satisfies MailRequest),
    ),
  });

  it('delivers the mails behind it at once and the claimed one after its lease', async () => {
    const crashed = await openLog();
    expect(await crashed.claim('A')).toBe('new'); // the worker dies before sending A
    const claimedAt = Date.now();

    const bus = new InProcessBus({ maxKeysInFlight: 1 });
    const transport = new RecordingTransport();
    await startWorker(bus, transport);

    // Like the relay: A then B, same key, each publish waiting for the mailer.
    const started = Date.now();
    await bus.publish([mailRequest('A')]);
    await bus.publish([mailRequest('B')]);
    await until(() => transport.at('B') !== undefined, LEASE_MS);

    expect(transport.at('B')).toBeDefined();
    expect(transport.at('B')! - started).toBeLessThan(LEASE_MS / 3);
    expect(transport.at('A')).toBeUndefined();

    await until(() => transport.at('A') !== undefined, 3 * LEASE_MS);
    expect(transport.at('A')).toBeDefined();
    expect(transport.at('A')! - claimedAt).toBeGreaterThanOrEqual(LEASE_MS);
    expect(transport.sent.map((mail) => mail.messageId)).toEqual([
      '<B@tangle-auth>',
      '<A@tangle-auth>',
    ]);
  }, 15_000);

  it('keeps the mail it set aside across a restart, so nothing acknowledged is lost', async () => {
    const crashed = await openLog();
    await crashed.claim('A');

    const firstBus = new InProcessBus();
    const firstTransport = new RecordingTransport();
    const first = await startWorker(firstBus, firstTransport);
    await firstBus.publish([mailRequest('A')]); // acknowledged: the relay would move on now
    await first.stop(); // and this process goes away before the lease lapses

    const secondBus = new InProcessBus();
    const secondTransport = new RecordingTransport();
    await startWorker(secondBus, secondTransport);
    await until(() => secondTransport.at('A') !== undefined, 3 * LEASE_MS);

    expect(firstTransport.sent).toEqual([]);
    expect(secondTransport.sent.map((mail) => mail.messageId)).toEqual(['<A@tangle-auth>']);
  }, 15_000);
});
