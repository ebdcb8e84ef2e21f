import { join } from 'node:path';
import { Logger, type Provider } from '@nestjs/common';
import {
  ACCOUNT_CACHE,
  AccountCache,
  CODE_COOLDOWN,
  EMAIL_RESERVATION_CACHE,
  EmailReservationCache,
  CLOCK,
  EVENT_STORE,
  GEO_LOCATOR,
  ID_GENERATOR,
  IDENTIFIER_KEYS,
  LOGIN_LINK_COOLDOWN_MS,
  PASSWORD_HASHER,
  RATE_LIMIT_CONFIG,
  RATE_LIMIT_STORE,
  READ_MODEL_STORE,
  SECRET_GENERATOR,
  SECRET_SEALER,
  SESSION_CACHE,
  SESSION_TOKENS,
  SessionCache,
  WRITE_WATERMARK,
  WriteWatermark,
  type Clock,
  type EventStore,
} from '@tangle/application';
import { SESSION_ACTIVITY_INTERVAL } from '@tangle/application';
import { READ_YOUR_WRITES_TIMEOUT } from '@tangle/application';
import { openEventStore } from '@tangle/event-store';
import { openRateLimitStore } from '@tangle/limits';
import {
  AesGcmSecretSealer,
  Argon2PasswordHasher,
  BoundedPasswordHasher,
  CryptoSecretGenerator,
  HmacIdentifierKeys,
  MmdbGeoLocator,
  NoGeoLocator,
  OpaqueSessionTokens,
  SnowflakeIdGenerator,
  SystemClock,
  loadOrCreateKey,
} from '@tangle/platform';
import { IDENTIFIER_KEY_FILE, MAIL_KEY_FILE } from '@tangle/platform';
import { openReadModelStore } from '@tangle/read-models';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { passwordPolicyProviders } from './password-policy-providers';
import { AUTH_SERVICE_CONFIG } from './tokens';

/** Chooses an adapter for every port from the configuration: the only place that does. */
export function portProviders(config: AuthServiceConfig): Provider[] {
  return [
    { provide: AUTH_SERVICE_CONFIG, useValue: config },
    { provide: WRITE_WATERMARK, useValue: new WriteWatermark() },
    {
      provide: EVENT_STORE,
      useFactory: async (writes: WriteWatermark) =>
        writes.track(
          await openEventStore({
            eventstoreUrl: config.eventStoreUrl ?? undefined,
            sqliteFile: join(config.dataDir, 'events.sqlite'),
            synchronous: config.sqliteSynchronous,
          }),
        ),
      inject: [WRITE_WATERMARK],
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
    {
      provide: PASSWORD_HASHER,
      useValue: new BoundedPasswordHasher(
        new Argon2PasswordHasher(config.argon2),
        config.passwordHashing,
      ),
    },
    { provide: SESSION_TOKENS, useValue: new OpaqueSessionTokens() },
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
    {
      provide: SESSION_CACHE,
      useFactory: (store: EventStore) => new SessionCache(store),
      inject: [EVENT_STORE],
    },
    {
      provide: ACCOUNT_CACHE,
      useFactory: (store: EventStore) => new AccountCache(store),
      inject: [EVENT_STORE],
    },
    {
      provide: EMAIL_RESERVATION_CACHE,
      useFactory: (store: EventStore) => new EmailReservationCache(store),
      inject: [EVENT_STORE],
    },
    { provide: SESSION_ACTIVITY_INTERVAL, useValue: config.sessionActivityIntervalMs },
    { provide: READ_YOUR_WRITES_TIMEOUT, useValue: config.readYourWritesTimeoutMs },
    { provide: CODE_COOLDOWN, useValue: config.codeResendCooldownMs },
    { provide: LOGIN_LINK_COOLDOWN_MS, useValue: config.loginLinkCooldownMs },
    ...passwordPolicyProviders(config.passwordPolicy),
  ];
}

const SERVER_KEYS = Symbol('ServerKeys');

interface ServerKeys {
  identifierKey: Buffer;
  mailKey: Buffer;
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
  };
}
