import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { MailerConfigError, loadMailerConfig, redactSmtpUrl } from './mailer.config';

describe('loadMailerConfig', () => {
  it('defaults to embedded mode: files under DATA_DIR, SQLite, the key file', () => {
    const config = loadMailerConfig({});

    expect(config).toEqual({
      dataDir: resolve('var'),
      smtpUrl: null,
      mailDir: join(resolve('var'), 'mail'),
      logSecrets: false,
      mongoUrl: null,
      sentLogFile: join(resolve('var'), 'mail-sent.sqlite'),
      from: 'Tangle <no-reply@localhost>',
      productName: 'Tangle',
      publicBaseUrl: 'http://localhost:3000',
      mailKey: null,
      maxAttempts: 5,
      retryDelayMs: 200,
      retryMaxDelayMs: 10_000,
      claimLeaseMs: 60_000,
      topic: 'tangle.auth.mail.v1',
      deadLetterTopic: 'tangle.auth.mail.dlq.v1',
      group: 'tangle-auth-mailer',
    });
  });

  it('reads every variable', () => {
    const key = randomBytes(32);
    const config = loadMailerConfig({
      DATA_DIR: '/srv/tangle',
      SMTP_URL: 'smtps://mailer:pw@smtp.example.org:465',
      MONGO_URL: 'mongodb://mongo:27017/tangle',
      MAIL_FROM: 'Osmium <hello@example.org>',
      PRODUCT_NAME: 'Osmium',
      PUBLIC_BASE_URL: 'https://chat.example.org',
      MAIL_KEY: key.toString('base64'),
      MAILER_MAX_ATTEMPTS: '8',
      MAILER_RETRY_DELAY_MS: '100',
      MAILER_RETRY_MAX_DELAY_MS: '5000',
      MAIL_TOPIC: 'mail',
      MAIL_DEAD_LETTER_TOPIC: 'mail.dlq',
      MAILER_GROUP: 'mailers',
      MAIL_LOG_SECRETS: 'on',
    });

    expect(config).toMatchObject({
      dataDir: '/srv/tangle',
      smtpUrl: 'smtps://mailer:pw@smtp.example.org:465',
      mailDir: '/srv/tangle/mail',
      mongoUrl: 'mongodb://mongo:27017/tangle',
      from: 'Osmium <hello@example.org>',
      productName: 'Osmium',
      publicBaseUrl: 'https://chat.example.org',
      maxAttempts: 8,
      retryDelayMs: 100,
      retryMaxDelayMs: 5000,
      topic: 'mail',
      deadLetterTopic: 'mail.dlq',
      group: 'mailers',
      logSecrets: true,
    });
    expect(config.mailKey?.equals(key)).toBe(true);
  });

  it.each([
    [{ SMTP_URL: 'http://smtp.example.org' }, /SMTP_URL must start with smtp/],
    [{ SMTP_URL: 'not a url' }, /SMTP_URL must be a URL/],
    [{ PUBLIC_BASE_URL: 'chat.example.org' }, /PUBLIC_BASE_URL must be an absolute URL/],
    [{ PUBLIC_BASE_URL: 'javascript:alert(1)' }, /PUBLIC_BASE_URL must be an http/],
    [{ MAIL_KEY: randomBytes(16).toString('base64') }, /MAIL_KEY must be exactly 32 bytes/],
    [{ MAIL_KEY: 'not base64 at all!' }, /MAIL_KEY must be exactly 32 bytes/],
    [{ MAILER_MAX_ATTEMPTS: '0' }, /MAILER_MAX_ATTEMPTS must be an integer from 1/],
    [{ MAILER_RETRY_DELAY_MS: '500', MAILER_RETRY_MAX_DELAY_MS: '100' }, /from 500/],
    [{ MAIL_LOG_SECRETS: 'yes' }, /MAIL_LOG_SECRETS must be on or off/],
  ])('refuses %j', (env, message) => {
    expect(() => loadMailerConfig(env)).toThrow(MailerConfigError);
    expect(() => loadMailerConfig(env)).toThrow(message);
  });
});

describe('redactSmtpUrl', () => {
  it('drops the credentials', () => {
    expect(redactSmtpUrl('smtp://user:secret@smtp.example.org:587')).toBe(
      'smtp://smtp.example.org:587',
    );
  });
});
