import { join, resolve } from 'node:path';

/** Everything the mailer reads from its environment, with the defaults of embedded mode. */
export interface MailerConfig {
  dataDir: string;
  /** SMTP connection URL; null: mails are written as `.eml` files into `mailDir`. */
  smtpUrl: string | null;
  mailDir: string;
  /**
   * MAIL_LOG_SECRETS=on: the `.eml` transport's log line shows each mail's code or link, so a
   * developer can finish a flow by hand. Off unless set (`npm start` sets it); never in production.
   */
  logSecrets: boolean;
  /** The sent-mail log: MongoDB when set, else the SQLite file `sentLogFile`. */
  mongoUrl: string | null;
  sentLogFile: string;
  from: string;
  productName: string;
  publicBaseUrl: string;
  /** 32 bytes; null: embedded mode's key file `DATA_DIR/mail.key` (see loadOrCreateMailKey). */
  mailKey: Buffer | null;
  maxAttempts: number;
  /** First retry delay, doubled after each failure up to retryMaxDelayMs. */
  retryDelayMs: number;
  retryMaxDelayMs: number;
  /** How long a claimed mail counts as in flight before another worker may send it (a crash mid-send). */
  claimLeaseMs: number;
  topic: string;
  deadLetterTopic: string;
  group: string;
}

export class MailerConfigError extends Error {
  override readonly name = 'MailerConfigError';
}

type Env = Record<string, string | undefined>;

export function loadMailerConfig(env: Env = process.env): MailerConfig {
  const dataDir = resolve(env.DATA_DIR || 'var');
  const retryDelayMs = int(env, 'MAILER_RETRY_DELAY_MS', 200, 1, 60_000);
  return {
    dataDir,
    smtpUrl: smtpUrl(env.SMTP_URL),
    mailDir: join(dataDir, 'mail'),
    logSecrets: onOff(env, 'MAIL_LOG_SECRETS'),
    mongoUrl: env.MONGO_URL || null,
    sentLogFile: join(dataDir, 'mail-sent.sqlite'),
    from: env.MAIL_FROM?.trim() || 'Tangle <no-reply@localhost>',
    productName: env.PRODUCT_NAME?.trim() || 'Tangle',
    publicBaseUrl: publicBaseUrl(env.PUBLIC_BASE_URL || 'http://localhost:3000'),
    mailKey: mailKey(env.MAIL_KEY),
    maxAttempts: int(env, 'MAILER_MAX_ATTEMPTS', 5, 1, 100),
    retryDelayMs,
    retryMaxDelayMs: int(env, 'MAILER_RETRY_MAX_DELAY_MS', 10_000, retryDelayMs, 600_000),
    claimLeaseMs: int(env, 'MAILER_CLAIM_LEASE_MS', 60_000, 100, 3_600_000),
    topic: env.MAIL_TOPIC || 'tangle.auth.mail.v1',
    deadLetterTopic: env.MAIL_DEAD_LETTER_TOPIC || 'tangle.auth.mail.dlq.v1',
    group: env.MAILER_GROUP || 'tangle-auth-mailer',
  };
}

/** The SMTP URL without its credentials, for logs. */
export function redactSmtpUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

function smtpUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailerConfigError('SMTP_URL must be a URL like smtp://user:pass@host:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new MailerConfigError(
      `SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}`,
    );
  }
  return raw;
}

function publicBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailerConfigError(
      `PUBLIC_BASE_URL must be an absolute URL, got ${JSON.stringify(raw)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MailerConfigError('PUBLIC_BASE_URL must be an http:// or https:// URL');
  }
  return raw;
}

function mailKey(raw: string | undefined): Buffer | null {
  if (!raw) return null;
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.trim()) {
    throw new MailerConfigError(
      'MAIL_KEY must be exactly 32 bytes, base64-encoded (openssl rand -base64 32)',
    );
  }
  return key;
}

function onOff(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'off') return false;
  if (raw === 'on') return true;
  throw new MailerConfigError(`${name} must be on or off, got ${JSON.stringify(env[name])}`);
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MailerConfigError(
      `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}
