import { resolve } from 'node:path';
import {
  DEFAULT_ACTIVITY_INTERVAL_MS,
  DEFAULT_ACTIVITY_WRITES_PER_SECOND,
  RATE_LIMIT_ACTIONS,
  defaultRateLimitRules,
  parseRateLimitRule,
  rateLimitVariable,
  scopesOf,
  type RateLimitConfig,
  type SessionPolicy,
} from '@tangle/application';
import { DEFAULT_ACCESS_TOKEN_SETTINGS, type AccessTokenSettings } from '@tangle/access-tokens';
import { PASSWORD_MIN_LENGTH_RANGE, PASSWORD_PROFILES, type PasswordProfile } from '@tangle/domain';
import { isPhoneRegion, threadPoolSize, type OAuthSettings } from '@tangle/platform';
import { integrationTopicsFrom, type IntegrationTopics } from '@tangle/messaging';
import { inviteConfig, type InviteConfig } from './invite.config';
import { oauthSettings } from './oauth.config';

export interface Entrypoint {
  hostname: string;
  port: number;
  region: number;
}

/** Everything the service reads from its environment, with the defaults of embedded mode. */
export interface AuthServiceConfig {
  port: number;
  host: string;
  dataDir: string;
  workerId: number;
  logLevel: string;
  eventStoreUrl: string | null;
  mongoUrl: string | null;
  kafkaBrokers: string[];
  /** Where the relay publishes (EVENTS_TOPIC, MAIL_TOPIC) when it runs here with Kafka. */
  integrationTopics: IntegrationTopics;
  sqliteSynchronous: 'full' | 'normal';
  /** 'embedded': this process runs the projections; 'external': apps/projector does. */
  projector: 'embedded' | 'external';
  identifierKey: Buffer | null;
  mailKey: Buffer | null;
  /** Seals the access-token signing keys at rest (AES-256-GCM); null: a key file in dataDir. */
  jwtKeyEncryptionKey: Buffer | null;
  /** Wraps the per-account personal-data keys at rest (AES-256-GCM); null: a key file in dataDir. */
  dataKeyEncryptionKey: Buffer | null;
  /** Account deletion: the grace period, and how often due deletions are looked for. */
  accountDeletion: { graceMs: number; sweepIntervalMs: number };
  /** Seals TOTP secrets in the account events (AES-256-GCM); null: a key file in dataDir. */
  totpKey: Buffer | null;
  /** The issuer an authenticator app shows for the TOTP secret (PRODUCT_NAME). */
  productName: string;
  /** How long a gateway sign-in's MFA ticket lasts. */
  mfaTicketTtlMs: number;
  /** JWT access tokens: docs/decisions/0014-access-tokens-and-key-rotation.md. */
  accessTokens: AccessTokenSettings;
  /** Where links in mail point (the email-link login page); never taken from a Host header. */
  publicBaseUrl: string;
  defaultLocale: string;
  entrypoints: Entrypoint[];
  defaultAppName: string;
  appNamesByClientId: Map<number, string>;
  /** How often a session in use moves its last activity in the log: decision 28. */
  sessionActivityIntervalMs: number;
  /** This process's budget of `session.seen` appends a second. */
  sessionActivityWritesPerSecond: number;
  /**
   * Streams each state cache (sessions, accounts, email holders) keeps in memory, least recently
   * used dropped first; a tenth as many again for tombstones and for ids without a stream.
   */
  cacheMaxEntries: number;
  /** Idle timeout, absolute lifetimes and the refresh grace: see the README. */
  sessions: SessionPolicy;
  codeResendCooldownMs: number;
  loginLinkCooldownMs: number;
  /** How long the old address's link undoes an email change. */
  emailChangeUndoMs: number;
  /** A sign-in from a device class and country new to the account mails a notice. */
  newSignInNotices: boolean;
  /** How long a data-export (takeout) link works. */
  takeoutLinkTtlMs: number;
  /** How long a QR login ticket can be approved; the new device then asks for a new one. */
  qrLoginTtlMs: number;
  readYourWritesTimeoutMs: number;
  /** /readyz fails while the read models or the relay trail $all by more than this. */
  readyMaxLagMs: number;
  maxFrameBytes: number;
  /** Largest HTTP request body read (JSON or form), after inflating gzip/deflate/br. */
  httpMaxBodyBytes: number;
  maxInFlightPerConnection: number;
  /** WebSocket connection policy: see docs/operations.md, "WebSocket connection limits". */
  ws: WebSocketLimits;
  trustedProxies: string[];
  geoCountryHeader: string;
  geoRegionHeader: string;
  geoip: boolean;
  /**
   * ISO 3166-1 region whose national format phone numbers are read in (`EG`: `01234567890`);
   * null: only international format (`+201234567890`) is accepted.
   */
  phoneDefaultRegion: string | null;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /** Argon2 calls running at once, and waiting beyond which they fail fast. */
  passwordHashing: { maxConcurrency: number; maxQueue: number };
  rateLimits: RateLimitConfig;
  /** Which passwords may be set: docs/decisions/0013-password-policy.md. */
  passwordPolicy: PasswordPolicyConfig;
  /** Invites and their targets' feeds: ./invite.config.ts. */
  invites: InviteConfig;
  /** Sign-in with Google, Apple, Facebook: docs/decisions/0024-oauth-sign-in.md. */
  oauth: OAuthSettings;
  /**
   * Passkeys (WebAuthn): docs/decisions/0025-passkeys.md. Null (passkeys not served) when
   * PUBLIC_BASE_URL names an IP address and WEBAUTHN_RP_ID does not give a domain.
   */
  passkeys: PasskeyConfig | null;
}

export interface PasskeyConfig {
  /** The relying-party id passkeys are bound to: a domain, never an address or a port. */
  rpId: string;
  rpName: string;
  /** Origins whose pages may run the ceremonies (lower case, scheme://host[:port]). */
  origins: string[];
  /** How long a ceremony's challenge can be answered. */
  challengeTtlMs: number;
}

export interface PasswordPolicyConfig {
  profile: PasswordProfile;
  minLength: number;
  /** The offline list of common and breached passwords; null: the list the project ships. */
  commonPasswordsFile: string | null;
  /** Base URL of a Pwned Passwords range API; null: no range check. */
  pwnedUrl: string | null;
  /** How long a range check may take before the password is accepted without it. */
  pwnedTimeoutMs: number;
}

export interface WebSocketLimits {
  /** From the upgrade to a successful core.Initialize; closed 1008 after. */
  initializeTimeoutMs: number;
  /** From the upgrade to the first successful sign-up, sign-in or Authorize; closed 1008 after. */
  authorizeTimeoutMs: number;
  /** Ping period; a peer that has not answered the previous ping is terminated. */
  pingIntervalMs: number;
  /** Open WebSockets per client address (IPv6: per /64); refused with 429 beyond. */
  maxConnectionsPerAddress: number;
  /** Open WebSockets in all; refused with 503 beyond. */
  maxConnections: number;
  /** Connections the server accepts beyond maxConnections, for HTTP (/healthz) and handshakes. */
  httpConnectionHeadroom: number;
  /** Browser Origins allowed to open a WebSocket (lower case); empty: any. */
  allowedOrigins: string[];
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/**
 * Whether anything of this configuration keeps files in DATA_DIR: the embedded stores (no
 * EventStoreDB, or no MongoDB) and the key files that stand in for keys the environment does
 * not give. With all of them external, the service writes nothing locally and needs no
 * writable data directory (the production image runs as a user that has none).
 */
export function usesDataDir(config: AuthServiceConfig): boolean {
  return (
    config.eventStoreUrl === null ||
    config.mongoUrl === null ||
    // Without Kafka the mailer runs in this process, and may write its mail to files.
    config.kafkaBrokers.length === 0 ||
    config.identifierKey === null ||
    config.mailKey === null ||
    config.jwtKeyEncryptionKey === null ||
    config.dataKeyEncryptionKey === null ||
    config.totpKey === null
  );
}

export function loadConfig(env: Env = process.env): AuthServiceConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const eventStoreUrl = env.EVENTSTORE_URL || null;
  const mongoUrl = env.MONGO_URL || null;
  const identifierKey = env.IDENTIFIER_KEY ? Buffer.from(env.IDENTIFIER_KEY, 'base64') : null;
  if (identifierKey && identifierKey.length < 32) {
    throw new ConfigError('IDENTIFIER_KEY must be at least 32 bytes, base64-encoded');
  }
  const mailKey = env.MAIL_KEY ? Buffer.from(env.MAIL_KEY, 'base64') : null;
  if (mailKey && mailKey.length !== 32)
    throw new ConfigError('MAIL_KEY must be 32 bytes, base64-encoded');
  if (eventStoreUrl && (!identifierKey || !mailKey)) {
    throw new ConfigError(
      'IDENTIFIER_KEY and MAIL_KEY are required with EVENTSTORE_URL: every instance must share them (openssl rand -base64 32)',
    );
  }
  const jwtKeyEncryptionKey = env.JWT_KEY_ENCRYPTION_KEY
    ? Buffer.from(env.JWT_KEY_ENCRYPTION_KEY, 'base64')
    : null;
  if (jwtKeyEncryptionKey && jwtKeyEncryptionKey.length !== 32) {
    throw new ConfigError('JWT_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  }
  if ((eventStoreUrl || mongoUrl) && !jwtKeyEncryptionKey) {
    throw new ConfigError(
      'JWT_KEY_ENCRYPTION_KEY is required with EVENTSTORE_URL or MONGO_URL: every instance must open the shared signing keys (openssl rand -base64 32)',
    );
  }
  const dataKeyEncryptionKey = env.DATA_KEY_ENCRYPTION_KEY
    ? Buffer.from(env.DATA_KEY_ENCRYPTION_KEY, 'base64')
    : null;
  if (dataKeyEncryptionKey && dataKeyEncryptionKey.length !== 32) {
    throw new ConfigError('DATA_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  }
  if ((eventStoreUrl || mongoUrl) && !dataKeyEncryptionKey) {
    throw new ConfigError(
      'DATA_KEY_ENCRYPTION_KEY is required with EVENTSTORE_URL or MONGO_URL: every instance must open the shared personal-data keys (openssl rand -base64 32)',
    );
  }
  const totpKey = env.TOTP_KEY ? Buffer.from(env.TOTP_KEY, 'base64') : null;
  if (totpKey && totpKey.length !== 32) {
    throw new ConfigError('TOTP_KEY must be 32 bytes, base64-encoded');
  }
  if (eventStoreUrl && !totpKey) {
    throw new ConfigError(
      'TOTP_KEY is required with EVENTSTORE_URL: every instance must open the sealed TOTP secrets (openssl rand -base64 32)',
    );
  }
  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicBaseUrl);
  } catch {
    throw new ConfigError(
      `PUBLIC_BASE_URL must be an absolute URL, got ${JSON.stringify(publicBaseUrl)}`,
    );
  }
  const publicHost = env.PUBLIC_HOST || 'localhost';
  const sessions = sessionPolicy(env);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || 'var'),
    workerId: int(env, 'WORKER_ID', 0, 0, 1023),
    logLevel: env.LOG_LEVEL || 'info',
    eventStoreUrl,
    mongoUrl,
    kafkaBrokers: list(env.KAFKA_BROKERS),
    integrationTopics: topicsOf(env),
    sqliteSynchronous: oneOf(env, 'SQLITE_SYNCHRONOUS', ['full', 'normal'] as const, 'full'),
    projector: oneOf(env, 'PROJECTOR', ['embedded', 'external'] as const, 'embedded'),
    identifierKey,
    mailKey,
    jwtKeyEncryptionKey,
    dataKeyEncryptionKey,
    accountDeletion: {
      graceMs: int(env, 'ACCOUNT_DELETION_GRACE_MS', 7 * 86_400_000, 0, 365 * 86_400_000),
      sweepIntervalMs: int(env, 'ACCOUNT_DELETION_SWEEP_INTERVAL_MS', 60_000, 100, 86_400_000),
    },
    totpKey,
    productName: productName(env.PRODUCT_NAME),
    mfaTicketTtlMs: int(env, 'MFA_TICKET_TTL_MS', 300_000, 1_000, 3_600_000),
    accessTokens: accessTokens(env, publicBaseUrl),
    publicBaseUrl,
    defaultLocale: env.DEFAULT_LOCALE || 'en',
    entrypoints: env.ENTRYPOINTS
      ? parseEntrypoints(env.ENTRYPOINTS)
      : [{ hostname: publicHost, port: int(env, 'PUBLIC_PORT', port, 0, 65535), region: 0 }],
    defaultAppName: env.APP_NAME || 'Tangle',
    appNamesByClientId: parseAppNames(env.CLIENT_APP_NAMES || ''),
    sessionActivityIntervalMs: activityInterval(env, sessions),
    sessionActivityWritesPerSecond: int(
      env,
      'SESSION_ACTIVITY_WRITES_PER_SECOND',
      DEFAULT_ACTIVITY_WRITES_PER_SECOND,
      1,
      1_000_000,
    ),
    cacheMaxEntries: int(env, 'CACHE_MAX_ENTRIES', 100_000, 100, 100_000_000),
    sessions,
    codeResendCooldownMs: int(env, 'CODE_RESEND_COOLDOWN_MS', 60_000, 0, 3_600_000),
    loginLinkCooldownMs: int(env, 'LOGIN_LINK_COOLDOWN_MS', 60_000, 0, 3_600_000),
    qrLoginTtlMs: int(env, 'QR_LOGIN_TTL_MS', 60_000, 10_000, 600_000),
    emailChangeUndoMs: int(env, 'EMAIL_CHANGE_UNDO_MS', 7 * 86_400_000, 60_000, 30 * 86_400_000),
    readYourWritesTimeoutMs: int(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 2_000, 0, 60_000),
    readyMaxLagMs: int(env, 'READY_MAX_LAG_MS', 30_000, 1_000, 3_600_000),
    maxFrameBytes: int(env, 'MAX_FRAME_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    httpMaxBodyBytes: int(env, 'HTTP_MAX_BODY_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    maxInFlightPerConnection: int(env, 'MAX_IN_FLIGHT_PER_CONNECTION', 32, 1, 10_000),
    ws: webSocketLimits(env),
    trustedProxies: list(env.TRUSTED_PROXIES),
    geoCountryHeader: (env.GEO_COUNTRY_HEADER || '').toLowerCase(),
    geoRegionHeader: (env.GEO_REGION_HEADER || '').toLowerCase(),
    geoip: oneOf(env, 'GEOIP', ['on', 'off'] as const, 'on') === 'on',
    newSignInNotices: oneOf(env, 'NEW_SIGN_IN_NOTICES', ['on', 'off'] as const, 'on') === 'on',
    takeoutLinkTtlMs: int(env, 'TAKEOUT_LINK_TTL_MS', 3_600_000, 1_000, 7 * 86_400_000),
    phoneDefaultRegion: phoneDefaultRegion(env.PHONE_DEFAULT_REGION),
    argon2: {
      memoryCost: int(env, 'ARGON2_MEMORY_KIB', 19_456, 8_192, 4_194_304),
      timeCost: int(env, 'ARGON2_TIME_COST', 2, 1, 100),
      parallelism: int(env, 'ARGON2_PARALLELISM', 1, 1, 64),
    },
    passwordHashing: {
      maxConcurrency: int(env, 'PASSWORD_HASH_MAX_CONCURRENCY', threadPoolSize(env), 1, 1024),
      maxQueue: int(env, 'PASSWORD_HASH_MAX_QUEUE', 64, 0, 100_000),
    },
    rateLimits: rateLimits(env),
    passwordPolicy: passwordPolicyConfig(env),
    invites: inviteConfig(env),
    oauth: oauthSettings(env),
    passkeys: passkeyConfig(env, publicBaseUrl),
  };
}

/**
 * WEBAUTHN_RP_ID (default: PUBLIC_BASE_URL's host name), WEBAUTHN_RP_NAME (default: APP_NAME),
 * WEBAUTHN_ORIGINS (default: PUBLIC_BASE_URL's origin), PASSKEY_CHALLENGE_TTL_MS. Every origin
 * must be the RP id or one of its subdomains, over https (http only for localhost), as
 * browsers require.
 */
function passkeyConfig(env: Env, publicBaseUrl: string): PasskeyConfig | null {
  const base = new URL(publicBaseUrl);
  const rpId = (env.WEBAUTHN_RP_ID || base.hostname).toLowerCase();
  if (!env.WEBAUTHN_RP_ID && !isDomainName(rpId)) return null;
  if (!isDomainName(rpId)) {
    throw new ConfigError(
      `WEBAUTHN_RP_ID must be a domain name such as example.com (no scheme, port or IP address), got ${JSON.stringify(rpId)}`,
    );
  }
  const rawOrigins = env.WEBAUTHN_ORIGINS ? list(env.WEBAUTHN_ORIGINS) : [base.origin];
  const origins = rawOrigins.map((raw) => {
    const origin = raw.toLowerCase().replace(/\/+$/, '');
    const match = /^(https?):\/\/([^/:?#\s]+)(:\d{1,5})?$/.exec(origin);
    const host = match?.[2] ?? '';
    const local = host === 'localhost' || host.endsWith('.localhost');
    if (!match || (match[1] === 'http' && !local)) {
      throw new ConfigError(
        `WEBAUTHN_ORIGINS: expected https://host[:port] (http only for localhost), got ${JSON.stringify(raw)}`,
      );
    }
    if (host !== rpId && !host.endsWith(`.${rpId}`)) {
      throw new ConfigError(
        `WEBAUTHN_ORIGINS: ${origin} is not on the relying party's domain ${rpId} (WEBAUTHN_RP_ID)`,
      );
    }
    return origin;
  });
  return {
    rpId,
    rpName: env.WEBAUTHN_RP_NAME || env.APP_NAME || 'Tangle',
    origins,
    challengeTtlMs: int(env, 'PASSKEY_CHALLENGE_TTL_MS', 300_000, 1_000, 600_000),
  };
}

/** PRODUCT_NAME (default Tangle): at most 64 characters, no control characters, no colon. */
function productName(raw: string | undefined): string {
  const name = raw?.trim() || 'Tangle';
  // The otpauth:// label is `<issuer>:<account>`: a colon in the issuer would split it.
  if (name.length > 64 || name.includes(':') || [...name].some((c) => c < ' ' || c === '\x7f')) {
    throw new ConfigError(
      `PRODUCT_NAME must be at most 64 characters, without a colon or control characters, got ${JSON.stringify(raw)}`,
    );
  }
  return name;
}

/** PASSWORD_POLICY=standard|nist, PASSWORD_MIN_LENGTH within the profile's range, the lists. */
function passwordPolicyConfig(env: Env): PasswordPolicyConfig {
  const profile = oneOf(env, 'PASSWORD_POLICY', PASSWORD_PROFILES, 'standard');
  const range = PASSWORD_MIN_LENGTH_RANGE[profile];
  const rawMin = env.PASSWORD_MIN_LENGTH;
  const minLength = rawMin === undefined || rawMin === '' ? range.default : Number(rawMin);
  if (!Number.isInteger(minLength) || minLength < range.min || minLength > range.max) {
    throw new ConfigError(
      `PASSWORD_MIN_LENGTH must be an integer from ${range.min} to ${range.max} with PASSWORD_POLICY=${profile}, got ${JSON.stringify(rawMin)}`,
    );
  }
  const pwnedUrl = (env.PASSWORD_PWNED_URL || '').replace(/\/+$/, '') || null;
  if (pwnedUrl !== null && !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(pwnedUrl)) {
    throw new ConfigError(
      `PASSWORD_PWNED_URL must be an http(s) URL such as https://api.pwnedpasswords.com, got ${JSON.stringify(env.PASSWORD_PWNED_URL)}`,
    );
  }
  return {
    profile,
    minLength,
    commonPasswordsFile: env.PASSWORD_COMMON_LIST_FILE
      ? resolve(env.PASSWORD_COMMON_LIST_FILE)
      : null,
    pwnedUrl,
    pwnedTimeoutMs: int(env, 'PASSWORD_PWNED_TIMEOUT_MS', 1_500, 100, 30_000),
  };
}

function accessTokens(env: Env, publicBaseUrl: string): AccessTokenSettings {
  const text = (name: string, fallback: string): string => {
    const value = env[name] || fallback;
    if (value.length > 512 || [...value].some((char) => char < ' ' || char === '\x7f')) {
      throw new ConfigError(`${name} must be at most 512 characters, without control characters`);
    }
    return value;
  };
  const defaults = DEFAULT_ACCESS_TOKEN_SETTINGS;
  return {
    issuer: text('JWT_ISSUER', publicBaseUrl),
    audience: text('JWT_AUDIENCE', defaults.audience),
    ttlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', defaults.ttlSeconds, 60, 86_400),
    clockToleranceSeconds: int(
      env,
      'JWT_CLOCK_TOLERANCE_SECONDS',
      defaults.clockToleranceSeconds,
      0,
      300,
    ),
    keyRotationHours: int(env, 'JWT_KEY_ROTATION_HOURS', defaults.keyRotationHours, 1, 8_760),
  };
}

/** RATE_LIMITS=on|off, and RATE_LIMIT_<ACTION>_<ADDR|ACCOUNT>=count/window|off for each limit. */
function rateLimits(env: Env): RateLimitConfig {
  const enabled = oneOf(env, 'RATE_LIMITS', ['on', 'off'] as const, 'on') === 'on';
  const rules = defaultRateLimitRules();
  const known = new Set<string>();
  for (const action of RATE_LIMIT_ACTIONS) {
    for (const scope of scopesOf(action)) {
      const name = rateLimitVariable(action, scope);
      known.add(name);
      const raw = env[name];
      if (raw === undefined || raw === '') continue;
      try {
        rules[action][scope] = parseRateLimitRule(raw);
      } catch (error) {
        throw new ConfigError(`${name}: ${(error as Error).message}`);
      }
    }
  }
  const unknown = Object.keys(env).find(
    (name) => name.startsWith('RATE_LIMIT_') && !known.has(name),
  );
  if (unknown !== undefined) {
    throw new ConfigError(
      `${unknown} is not a rate limit; the limits are ${[...known].join(', ')}`,
    );
  }
  return { enabled, rules };
}

const DAY_MS = 86_400_000;

function sessionPolicy(env: Env): SessionPolicy {
  const policy: SessionPolicy = {
    idleTimeoutMs: int(env, 'SESSION_IDLE_TIMEOUT_MS', 30 * DAY_MS, 1_000, 400 * DAY_MS),
    lifetimeMs: int(env, 'SESSION_LIFETIME_MS', DAY_MS, 1_000, 400 * DAY_MS),
    rememberedLifetimeMs: int(
      env,
      'SESSION_REMEMBERED_LIFETIME_MS',
      90 * DAY_MS,
      1_000,
      400 * DAY_MS,
    ),
    refreshGraceMs: int(env, 'REFRESH_GRACE_MS', 10_000, 0, 300_000),
  };
  if (policy.rememberedLifetimeMs < policy.lifetimeMs) {
    throw new ConfigError(
      'SESSION_REMEMBERED_LIFETIME_MS must not be shorter than SESSION_LIFETIME_MS',
    );
  }
  return policy;
}

/**
 * SESSION_ACTIVITY_INTERVAL_MS: 15 minutes, or a quarter of the idle timeout when that is
 * shorter. Last activity is written at most once per interval (and later when the write budget
 * is spent): a session in use must be recorded well within the idle timeout, or it would end.
 */
function activityInterval(env: Env, policy: SessionPolicy): number {
  const fallback = Math.min(DEFAULT_ACTIVITY_INTERVAL_MS, Math.floor(policy.idleTimeoutMs / 4));
  const activityMs = int(env, 'SESSION_ACTIVITY_INTERVAL_MS', fallback, 0, DAY_MS);
  if (policy.idleTimeoutMs < 2 * activityMs) {
    throw new ConfigError(
      `SESSION_IDLE_TIMEOUT_MS must be at least twice SESSION_ACTIVITY_INTERVAL_MS (${2 * activityMs})`,
    );
  }
  return activityMs;
}

function webSocketLimits(env: Env): WebSocketLimits {
  const initializeTimeoutMs = int(env, 'WS_INITIALIZE_TIMEOUT_MS', 10_000, 10, 600_000);
  const authorizeTimeoutMs = int(env, 'WS_AUTHORIZE_TIMEOUT_MS', 60_000, 10, 3_600_000);
  if (authorizeTimeoutMs < initializeTimeoutMs) {
    throw new ConfigError(
      `WS_AUTHORIZE_TIMEOUT_MS (${authorizeTimeoutMs}) must not be shorter than WS_INITIALIZE_TIMEOUT_MS (${initializeTimeoutMs}): sign-in comes after Initialize`,
    );
  }
  const maxConnections = int(env, 'WS_MAX_CONNECTIONS', 10_000, 1, 1_000_000);
  const allowedOrigins = list(env.WS_ALLOWED_ORIGINS).map((origin) => {
    const normalized = origin.toLowerCase().replace(/\/+$/, '');
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/.test(normalized)) {
      throw new ConfigError(
        `WS_ALLOWED_ORIGINS: expected scheme://host[:port], got ${JSON.stringify(origin)}`,
      );
    }
    return normalized;
  });
  return {
    initializeTimeoutMs,
    authorizeTimeoutMs,
    pingIntervalMs: int(env, 'WS_PING_INTERVAL_MS', 30_000, 10, 3_600_000),
    maxConnectionsPerAddress: int(env, 'WS_MAX_CONNECTIONS_PER_ADDRESS', 64, 1, 1_000_000),
    maxConnections,
    httpConnectionHeadroom: int(env, 'HTTP_CONNECTION_HEADROOM', 1_024, 1, 1_000_000),
    allowedOrigins,
  };
}

/** A DNS name of letters, digits and hyphens (not an IPv4 address, which has no letters). */
function isDomainName(name: string): boolean {
  return (
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(
      name,
    ) && !/^[0-9.]+$/.test(name)
  );
}

/** PHONE_DEFAULT_REGION: a two-letter region with a numbering plan, any case; unset: none. */
function phoneDefaultRegion(raw: string | undefined): string | null {
  const region = (raw ?? '').trim().toUpperCase();
  if (region === '') return null;
  if (!isPhoneRegion(region)) {
    throw new ConfigError(
      `PHONE_DEFAULT_REGION must be an ISO 3166-1 alpha-2 region with a phone numbering plan (e.g. EG, US), got ${JSON.stringify(raw)}`,
    );
  }
  return region;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(
      `${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return raw as T;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `host:port[:region]`, comma-separated. */
function parseEntrypoints(raw: string): Entrypoint[] {
  return list(raw).map((item) => {
    const [hostname, port, region = '0'] = item.split(':');
    const entry = { hostname, port: Number(port), region: Number(region) };
    if (!hostname || !Number.isInteger(entry.port) || !Number.isInteger(entry.region)) {
      throw new ConfigError(
        `ENTRYPOINTS: expected host:port[:region], got ${JSON.stringify(item)}`,
      );
    }
    return entry;
  });
}

/** `clientId=App Name`, comma-separated. */
function parseAppNames(raw: string): Map<number, string> {
  return new Map(
    list(raw).map((item) => {
      const eq = item.indexOf('=');
      const id = Number(item.slice(0, eq));
      if (eq < 1 || !Number.isInteger(id)) {
        throw new ConfigError(
          `CLIENT_APP_NAMES: expected clientId=name, got ${JSON.stringify(item)}`,
        );
      }
      return [id, item.slice(eq + 1).trim()];
    }),
  );
}

function topicsOf(env: Env): IntegrationTopics {
  try {
    return integrationTopicsFrom(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}
