import { join } from 'node:path';
import { Logger, type Provider } from '@nestjs/common';
import {
  ACCESS_TOKENS,
  ACCOUNT_CACHE,
  AccountCache,
  CODE_COOLDOWN,
  EMAIL_CHANGE_UNDO_WINDOW,
  EMAIL_RESERVATION_CACHE,
  EmailReservationCache,
  INVITE_SETTINGS,
  CLOCK,
  EVENT_STORE,
  GEO_LOCATOR,
  ID_GENERATOR,
  IDENTIFIER_KEYS,
  LOGIN_LINK_COOLDOWN_MS,
  NEW_SIGN_IN_NOTICES,
  TAKEOUT_LINK_TTL,
  OAUTH_IDENTITY_VERIFIER,
  QR_LOGIN_TTL,
  PASSWORD_HASHER,
  PHONE_NUMBER_PARSER,
  RATE_LIMIT_CONFIG,
  RATE_LIMIT_STORE,
  READ_MODEL_STORE,
  ACCOUNT_DELETION_RECORDS,
  SECRET_GENERATOR,
  SECRET_SEALER,
  SESSION_CACHE,
  SESSION_TOKENS,
  SIGNING_KEY_STORE,
  SessionCache,
  MFA_TICKET_TTL_MS,
  TOTP_AUTHENTICATOR,
  WRITE_WATERMARK,
  WriteWatermark,
  type Clock,
  type DataKeyStore,
  type EventStore,
  type SigningKeyStore,
} from '@tangle/application';
import {
  ACCOUNT_DELETION_GRACE_MS,
  DATA_KEY_STORE,
  ERASURE_HOOKS,
  PERSONAL_DATA_KEYS,
} from '@tangle/application';
import { eraseOutboxMailTo } from '@tangle/mailer';
import {
  REFRESH_TOKENS,
  SESSION_ACTIVITY_BUDGET,
  SESSION_ACTIVITY_INTERVAL,
  SESSION_POLICY,
} from '@tangle/application';
import { READ_YOUR_WRITES_TIMEOUT } from '@tangle/application';
import {
  JoseAccessTokens,
  SigningKeyRing,
  keyScheduleOf,
  openSigningKeyStore,
} from '@tangle/access-tokens';
import {
  DataKeyVault,
  PersonalDataEventStore,
  openDataKeyStore,
  openEventStore,
} from '@tangle/event-store';
import { openRateLimitStore } from '@tangle/limits';
import {
  AesGcmSecretSealer,
  Argon2PasswordHasher,
  BoundedPasswordHasher,
  CryptoSecretGenerator,
  HmacIdentifierKeys,
  JoseOAuthVerifier,
  LibPhoneNumberParser,
  MmdbGeoLocator,
  NoGeoLocator,
  OtplibTotpAuthenticator,
  OpaqueRefreshTokens,
  OpaqueSessionTokens,
  SnowflakeIdGenerator,
  SystemClock,
  loadOrCreateKey,
} from '@tangle/platform';
import {
  DATA_KEYS_KEY_FILE,
  IDENTIFIER_KEY_FILE,
  MAIL_KEY_FILE,
  SIGNING_KEYS_KEY_FILE,
  TOTP_KEY_FILE,
} from '@tangle/platform';
import { openReadModelStore } from '@tangle/read-models';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { passwordPolicyProviders } from './password-policy-providers';
import { passkeyProviders } from './passkey-providers';
import { AUTH_SERVICE_CONFIG, SIGNING_KEY_RING } from './tokens';

/** Chooses an adapter for every port from the configuration: the only place that does. */
export function portProviders(config: AuthServiceConfig): Provider[] {
  return [
    { provide: AUTH_SERVICE_CONFIG, useValue: config },
    { provide: WRITE_WATERMARK, useValue: new WriteWatermark() },
    {
      provide: DATA_KEY_STORE,
      useFactory: () =>
        openDataKeyStore({
          mongoUrl: config.mongoUrl ?? undefined,
          sqliteFile: join(config.dataDir, 'data-keys.sqlite'),
        }),
    },
    {
      provide: PERSONAL_DATA_KEYS,
      useFactory: (keys: DataKeyStore, serverKeys: ServerKeys, clock: Clock) =>
        new DataKeyVault(keys, serverKeys.dataKeyEncryptionKey, clock),
      inject: [DATA_KEY_STORE, SERVER_KEYS, CLOCK],
    },
    {
      // Personal fields are sealed under their account's data key on the way in, opened on the way out.
      provide: EVENT_STORE,
      useFactory: async (writes: WriteWatermark, vault: DataKeyVault) =>
        writes.track(
          new PersonalDataEventStore(
            await openEventStore({
              eventstoreUrl: config.eventStoreUrl ?? undefined,
              sqliteFile: join(config.dataDir, 'events.sqlite'),
              synchronous: config.sqliteSynchronous,
            }),
            vault,
          ),
        ),
      inject: [WRITE_WATERMARK, PERSONAL_DATA_KEYS],
    },
    { provide: ACCOUNT_DELETION_GRACE_MS, useValue: config.accountDeletion.graceMs },
    {
      // The embedded outbox keeps sent mail in plain text: a deleted account's goes with it.
      provide: ERASURE_HOOKS,
      useValue:
        config.kafkaBrokers.length === 0
          ? [
              {
                forget: async ({ email }: { email: string | null }) => {
                  if (email) await eraseOutboxMailTo(join(config.dataDir, 'mail'), email);
                },
              },
            ]
          : [],
    },
    {
      provide: READ_MODEL_STORE,
      useFactory: () =>
        openReadModelStore({
          mongoUrl: config.mongoUrl ?? undefined,
          sqliteFile: join(config.dataDir, 'read-models.sqlite'),
        }),
    },
    {
      provide: RATE_LIMIT_STORE,
      useFactory: () =>
        openRateLimitStore({
          mongoUrl: config.mongoUrl ?? undefined,
          sqliteFile: join(config.dataDir, 'limits.sqlite'),
        }),
    },
    { provide: RATE_LIMIT_CONFIG, useValue: config.rateLimits },
    { provide: OAUTH_IDENTITY_VERIFIER, useValue: new JoseOAuthVerifier(config.oauth) },
    {
      provide: PASSWORD_HASHER,
      useValue: new BoundedPasswordHasher(
        new Argon2PasswordHasher(config.argon2),
        config.passwordHashing,
      ),
    },
    { provide: SESSION_TOKENS, useValue: new OpaqueSessionTokens() },
    { provide: REFRESH_TOKENS, useValue: new OpaqueRefreshTokens() },
    { provide: SESSION_POLICY, useValue: config.sessions },
    { provide: PHONE_NUMBER_PARSER, useValue: new LibPhoneNumberParser(config.phoneDefaultRegion) },
    { provide: SERVER_KEYS, useFactory: () => serverKeys(config) },
    {
      provide: IDENTIFIER_KEYS,
      useFactory: (keys: ServerKeys) => new HmacIdentifierKeys(keys.identifierKey),
      inject: [SERVER_KEYS],
    },
    {
      provide: SECRET_SEALER,
      useFactory: (keys: ServerKeys) => new AesGcmSecretSealer(keys.mailKey),
      inject: [SERVER_KEYS],
    },
    {
      provide: TOTP_AUTHENTICATOR,
      useFactory: (keys: ServerKeys) =>
        new OtplibTotpAuthenticator(new AesGcmSecretSealer(keys.totpKey), config.productName),
      inject: [SERVER_KEYS],
    },
    { provide: MFA_TICKET_TTL_MS, useValue: config.mfaTicketTtlMs },
    {
      provide: SIGNING_KEY_STORE,
      useFactory: () =>
        openSigningKeyStore({
          mongoUrl: config.mongoUrl ?? undefined,
          sqliteFile: join(config.dataDir, 'signing-keys.sqlite'),
        }),
    },
    {
      provide: SIGNING_KEY_RING,
      useFactory: async (store: SigningKeyStore, keys: ServerKeys, clock: Clock) => {
        const logger = new Logger('SigningKeys');
        const ring = new SigningKeyRing(
          store,
          new AesGcmSecretSealer(keys.jwtKeyEncryptionKey),
          clock,
          keyScheduleOf(config.accessTokens),
          { logger: { warn: (text) => logger.warn(text), error: (text) => logger.error(text) } },
        );
        await ring.start();
        return ring;
      },
      inject: [SIGNING_KEY_STORE, SERVER_KEYS, CLOCK],
    },
    {
      provide: ACCESS_TOKENS,
      useFactory: (ring: SigningKeyRing, clock: Clock) =>
        new JoseAccessTokens(ring, clock, config.accessTokens),
      inject: [SIGNING_KEY_RING, CLOCK],
    },
    { provide: SECRET_GENERATOR, useValue: new CryptoSecretGenerator() },
    { provide: CLOCK, useValue: new SystemClock() },
    {
      provide: ID_GENERATOR,
      useFactory: (clock: Clock) => new SnowflakeIdGenerator(config.workerId, clock),
      inject: [CLOCK],
    },
    {
      provide: GEO_LOCATOR,
      useFactory: () =>
        config.geoip ? MmdbGeoLocator.fromInstalledDatabase() : new NoGeoLocator(),
    },
    // The erasure sweep reads deletions from before this process followed the log here.
    { provide: ACCOUNT_DELETION_RECORDS, useExisting: READ_MODEL_STORE },
    {
      provide: SESSION_CACHE,
      useFactory: (store: EventStore) => new SessionCache(store, config.cacheMaxEntries),
      inject: [EVENT_STORE],
    },
    {
      provide: ACCOUNT_CACHE,
      useFactory: (store: EventStore) => new AccountCache(store, config.cacheMaxEntries),
      inject: [EVENT_STORE],
    },
    {
      provide: EMAIL_RESERVATION_CACHE,
      useFactory: (store: EventStore) => new EmailReservationCache(store, config.cacheMaxEntries),
      inject: [EVENT_STORE],
    },
    { provide: SESSION_ACTIVITY_INTERVAL, useValue: config.sessionActivityIntervalMs },
    { provide: SESSION_ACTIVITY_BUDGET, useValue: config.sessionActivityWritesPerSecond },
    { provide: READ_YOUR_WRITES_TIMEOUT, useValue: config.readYourWritesTimeoutMs },
    { provide: CODE_COOLDOWN, useValue: config.codeResendCooldownMs },
    { provide: LOGIN_LINK_COOLDOWN_MS, useValue: config.loginLinkCooldownMs },
    { provide: EMAIL_CHANGE_UNDO_WINDOW, useValue: config.emailChangeUndoMs },
    { provide: NEW_SIGN_IN_NOTICES, useValue: config.newSignInNotices },
    { provide: TAKEOUT_LINK_TTL, useValue: config.takeoutLinkTtlMs },
    { provide: QR_LOGIN_TTL, useValue: config.qrLoginTtlMs },
    ...passwordPolicyProviders(config.passwordPolicy),
    {
      provide: INVITE_SETTINGS,
      useValue: { maxLifetimeMs: config.invites.maxLifetimeMs, maxUses: config.invites.maxUses },
    },
    ...passkeyProviders(config.passkeys),
  ];
}

const SERVER_KEYS = Symbol('ServerKeys');

interface ServerKeys {
  identifierKey: Buffer;
  mailKey: Buffer;
  jwtKeyEncryptionKey: Buffer;
  dataKeyEncryptionKey: Buffer;
  totpKey: Buffer;
}

/** Keys from the environment (production), else from key files beside the data (embedded). */
function serverKeys(config: AuthServiceConfig): ServerKeys {
  const fromFile = (name: string): Buffer => {
    const file = join(config.dataDir, name);
    const { key, created } = loadOrCreateKey(file);
    if (created) {
      new Logger('Keys').warn(
        `generated ${file}; keep it with the data, and set the key in the environment in production`,
      );
    }
    return key;
  };
  return {
    identifierKey: config.identifierKey ?? fromFile(IDENTIFIER_KEY_FILE),
    mailKey: config.mailKey ?? fromFile(MAIL_KEY_FILE),
    jwtKeyEncryptionKey: config.jwtKeyEncryptionKey ?? fromFile(SIGNING_KEYS_KEY_FILE),
    dataKeyEncryptionKey: config.dataKeyEncryptionKey ?? fromFile(DATA_KEYS_KEY_FILE),
    totpKey: config.totpKey ?? fromFile(TOTP_KEY_FILE),
  };
}
