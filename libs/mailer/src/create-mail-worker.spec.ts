import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundMessage, MessageConsumer } from '@tangle/application';
import type { MailRequest } from '@tangle/contracts';
import { AesGcmSecretSealer, createServiceLogger, NestServiceLogger } from '@tangle/platform';
import { simpleParser } from 'mailparser';
import { createMailWorker, describeMailTransport } from './create-mail-worker';
import { loadOrCreateMailKey } from './mail-key';
import { loadMailerConfig } from './mailer.config';

const idleConsumer: MessageConsumer = { run: async () => undefined, stop: async () => undefined };
const decode = (message: InboundMessage): MailRequest =>
  JSON.parse(Buffer.from(message.value).toString('utf8')) as MailRequest;

describe('createMailWorker in embedded mode', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-mailer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .eml files, prints the link when asked to, and opens what the auth service sealed', async () => {
    const config = loadMailerConfig({
      DATA_DIR: dir,
      PUBLIC_BASE_URL: 'http://localhost:3000',
      MAIL_LOG_SECRETS: 'on',
    });
    const warnings: string[] = [];
    const devLines: string[] = [];
    const runtime = await createMailWorker({
      config,
      consumer: idleConsumer,
      decode,
      deadLetter: async () => undefined,
      logger: { log: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
      devLog: (line) => devLines.push(line),
    });
    try {
      expect(warnings).toEqual([expect.stringMatching(/MAIL_KEY is not set: created .*mail\.key/)]);
      // The auth service, in the same data directory, seals with the same key file.
      const sealer = new AesGcmSecretSealer(loadOrCreateMailKey(dir).key);
      const request: MailRequest = {
        eventId: '555',
        template: 'login-link',
        userId: '42',
        to: 'ada@example.org',
        locale: 'fr',
        sealedSecret: sealer.seal('link-token'),
        authId: '777',
        matchCode: 'K7M-42P',
        requester: { description: 'Safari on iPhone', country: 'FR', region: null },
        expiresAt: Date.now() + 10 * 60_000,
        occurredAt: Date.now(),
        correlationId: 'c',
      };
      const value = Buffer.from(JSON.stringify(request));

      const outcome = await runtime.worker.handle({
        topic: config.topic,
        partition: 0,
        offset: '0',
        key: '42',
        value,
        headers: {},
      });

      expect(outcome).toBe('sent');
      const link = 'http://localhost:3000/auth/confirm/777?token=link-token';
      expect(devLines).toEqual([`mail to ada@example.org: login-link ${link}`]);
      const files = readdirSync(join(dir, 'mail'));
      expect(files).toHaveLength(1);
      const parsed = await simpleParser(readFileSync(join(dir, 'mail', files[0])));
      expect(parsed.subject).toBe('Connexion à Tangle');
      expect(parsed.text).toContain(link);
      expect(parsed.messageId).toBe('<555@tangle-auth>');
      expect(describeMailTransport(config)).toBe(`.eml files in ${join(dir, 'mail')}`);
    } finally {
      await runtime.close();
    }
  });

  it('does not warn when the key file already exists', async () => {
    loadOrCreateMailKey(dir);
    const warnings: string[] = [];
    const runtime = await createMailWorker({
      config: loadMailerConfig({ DATA_DIR: dir }),
      consumer: idleConsumer,
      decode,
      deadLetter: async () => undefined,
      logger: { log: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
    });
    await runtime.close();

    expect(warnings).toEqual([]);
  });

  it('describes an SMTP transport without its credentials', () => {
    const config = loadMailerConfig({ SMTP_URL: 'smtp://user:hunter2@smtp.example.org:587' });

    expect(describeMailTransport(config)).toBe('SMTP smtp://smtp.example.org:587');
  });
});

describe('the embedded mailer log line', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-mailer-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Sends one login link to `to` through the default logger path; returns what was logged. */
  async function logLineFor(env: Record<string, string>, to: string): Promise<string> {
    const config = loadMailerConfig({ DATA_DIR: dir, ...env });
    const written: string[] = [];
    const runtime = await createMailWorker({
      config,
      consumer: idleConsumer,
      decode,
      deadLetter: async () => undefined,
      logger: new NestServiceLogger(
        createServiceLogger({
          service: 'mailer',
          destination: { write: (line: string) => void written.push(line) },
        }),
      ),
    });
    try {
      const sealer = new AesGcmSecretSealer(loadOrCreateMailKey(dir).key);
      const request: MailRequest = {
        eventId: '556',
        template: 'login-link',
        userId: '42',
        to,
        locale: 'en',
        sealedSecret: sealer.seal('s3cret-link-token'),
        authId: '778',
        matchCode: null,
        requester: null,
        expiresAt: Date.now() + 10 * 60_000,
        occurredAt: Date.now(),
        correlationId: 'c',
      };
      const value = Buffer.from(JSON.stringify(request));
      const message = { topic: config.topic, partition: 0, offset: '0', key: '42', value };
      expect(await runtime.worker.handle({ ...message, headers: {} })).toBe('sent');
    } finally {
      await runtime.close();
    }
    return written
      .map((line) => (JSON.parse(line) as { msg: string }).msg)
      .filter((msg) => msg.includes('mail to '))
      .join('');
  }

  it('holds no code, link or address with the default configuration', async () => {
    const line = await logLineFor({}, 'ada@example.org');
    expect(line).toContain('mail to [email]: login-link');
    expect(line).not.toContain('ada@example.org');
    expect(line).not.toContain('s3cret-link-token');
    expect(line).not.toContain('/auth/confirm/');
  });

  it('holds the link with MAIL_LOG_SECRETS=on', async () => {
    const line = await logLineFor({ MAIL_LOG_SECRETS: 'on' }, 'ada@example.org');
    expect(line).toContain('/auth/confirm/778?token=s3cret-link-token');
  });

  it('never shows control characters of a recipient raw', async () => {
    const line = await logLineFor({}, 'mallory\u001b[2J\u0000@example.org');
    expect(line).toContain('mail to mallory\\x1B[2J\\x00@example.org');
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\u0000\u001b]/);
  });
});
