import { ConfigError, loadConfig, usesDataDir } from './auth-service.config';

describe('loadConfig: rate limits and password hashing', () => {
  it('has every limit on at its default, and a bounded hashing queue', () => {
    const config = loadConfig({});
    expect(config.rateLimits.enabled).toBe(true);
    expect(config.rateLimits.rules['sign-in']).toEqual({
      addr: { count: 30, windowMs: 300_000 },
      account: { count: 10, windowMs: 900_000 },
    });
    expect(config.passwordHashing).toEqual({ maxConcurrency: 4, maxQueue: 64 });
  });

  it('reads RATE_LIMIT_<ACTION>_<SCOPE>, off for one limit, and RATE_LIMITS=off for all', () => {
    const config = loadConfig({
      RATE_LIMIT_SIGN_IN_ACCOUNT: '5/1h',
      RATE_LIMIT_INVITE_LOOKUP_ADDR: 'off',
      RATE_LIMITS: 'off',
    });
    expect(config.rateLimits.enabled).toBe(false);
    expect(config.rateLimits.rules['sign-in'].account).toEqual({ count: 5, windowMs: 3_600_000 });
    expect(config.rateLimits.rules['invite-lookup'].addr).toBeNull();
    expect(config.rateLimits.rules['sign-up'].addr).toEqual({ count: 10, windowMs: 3_600_000 });
  });

  it('refuses a malformed limit, naming the variable', () => {
    expect(() => loadConfig({ RATE_LIMIT_SIGN_IN_ACCOUNT: '10 per minute' })).toThrow(
      new ConfigError(
        'RATE_LIMIT_SIGN_IN_ACCOUNT: expected count/window (count 1 to 1000000, window up to 7d, e.g. 10/15m) or off, got "10 per minute"',
      ),
    );
    expect(() => loadConfig({ RATE_LIMITS: 'no' })).toThrow(ConfigError);
  });

  it('refuses a limit that does not exist (a typo would otherwise go unnoticed)', () => {
    expect(() => loadConfig({ RATE_LIMIT_SIGNIN_ACCOUNT: '10/15m' })).toThrow(
      /^RATE_LIMIT_SIGNIN_ACCOUNT is not a rate limit; the limits are RATE_LIMIT_SIGN_IN_ADDR, /,
    );
    expect(() => loadConfig({ RATE_LIMIT_SIGN_UP_ACCOUNT: '10/15m' })).toThrow(ConfigError);
  });

  it('takes the hashing concurrency from UV_THREADPOOL_SIZE unless set, and checks both', () => {
    expect(loadConfig({ UV_THREADPOOL_SIZE: '8' }).passwordHashing.maxConcurrency).toBe(8);
    expect(
      loadConfig({ UV_THREADPOOL_SIZE: '8', PASSWORD_HASH_MAX_CONCURRENCY: '2' }).passwordHashing,
    ).toEqual({ maxConcurrency: 2, maxQueue: 64 });
    expect(loadConfig({ PASSWORD_HASH_MAX_QUEUE: '0' }).passwordHashing.maxQueue).toBe(0);
    expect(() => loadConfig({ PASSWORD_HASH_MAX_QUEUE: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ PASSWORD_HASH_MAX_CONCURRENCY: '0' })).toThrow(ConfigError);
  });
});

describe('loadConfig: WebSocket connection limits', () => {
  it('has defaults', () => {
    expect(loadConfig({}).ws).toEqual({
      initializeTimeoutMs: 10_000,
      authorizeTimeoutMs: 60_000,
      pingIntervalMs: 30_000,
      maxConnectionsPerAddress: 64,
      maxConnections: 10_000,
      httpConnectionHeadroom: 1_024,
      allowedOrigins: [],
    });
  });

  it('reads every variable; Origins lower case without a trailing slash', () => {
    const config = loadConfig({
      WS_INITIALIZE_TIMEOUT_MS: '5000',
      WS_AUTHORIZE_TIMEOUT_MS: '30000',
      WS_PING_INTERVAL_MS: '15000',
      WS_MAX_CONNECTIONS_PER_ADDRESS: '8',
      WS_MAX_CONNECTIONS: '500',
      HTTP_CONNECTION_HEADROOM: '100',
      WS_ALLOWED_ORIGINS: 'https://App.example.com/, http://localhost:5173',
    });
    expect(config.ws).toEqual({
      initializeTimeoutMs: 5_000,
      authorizeTimeoutMs: 30_000,
      pingIntervalMs: 15_000,
      maxConnectionsPerAddress: 8,
      maxConnections: 500,
      httpConnectionHeadroom: 100,
      allowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
    });
  });

  it.each([
    [{ WS_MAX_CONNECTIONS: '0' }, /WS_MAX_CONNECTIONS must be an integer/],
    [{ WS_MAX_CONNECTIONS_PER_ADDRESS: 'many' }, /WS_MAX_CONNECTIONS_PER_ADDRESS/],
    [{ WS_PING_INTERVAL_MS: '-1' }, /WS_PING_INTERVAL_MS/],
    [
      { WS_INITIALIZE_TIMEOUT_MS: '90000' },
      /WS_AUTHORIZE_TIMEOUT_MS \(60000\) must not be shorter/,
    ],
    [{ WS_ALLOWED_ORIGINS: 'app.example.com' }, /WS_ALLOWED_ORIGINS: expected scheme/],
    [{ WS_ALLOWED_ORIGINS: 'https://app.example.com/login' }, /WS_ALLOWED_ORIGINS/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('loadConfig: HTTP_MAX_BODY_BYTES', () => {
  it('reads 64 KiB bodies unless told otherwise', () => {
    expect(loadConfig({}).httpMaxBodyBytes).toBe(65_536);
    expect(loadConfig({ HTTP_MAX_BODY_BYTES: '8192' }).httpMaxBodyBytes).toBe(8_192);
  });

  it('refuses a limit below 1 KiB or above 16 MiB, naming the variable', () => {
    expect(() => loadConfig({ HTTP_MAX_BODY_BYTES: '100' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_MAX_BODY_BYTES: String(32 * 1024 * 1024) })).toThrow(
      /HTTP_MAX_BODY_BYTES/,
    );
  });
});

describe('loadConfig: phone numbers', () => {
  it('has no default region unless PHONE_DEFAULT_REGION names one (any case)', () => {
    expect(loadConfig({}).phoneDefaultRegion).toBeNull();
    expect(loadConfig({ PHONE_DEFAULT_REGION: '' }).phoneDefaultRegion).toBeNull();
    expect(loadConfig({ PHONE_DEFAULT_REGION: 'eg' }).phoneDefaultRegion).toBe('EG');
  });

  it('refuses a region without a numbering plan, or not a region at all', () => {
    for (const raw of ['XX', 'EGY', 'Egypt', '20']) {
      expect(() => loadConfig({ PHONE_DEFAULT_REGION: raw })).toThrow(
        /^PHONE_DEFAULT_REGION must be an ISO 3166-1 alpha-2 region/,
      );
    }
  });
});

describe('loadConfig: access tokens', () => {
  const KEY = Buffer.alloc(32, 7).toString('base64');

  it('has defaults: the public base URL as issuer, tangle as audience, an hour, 30 s, daily keys', () => {
    const config = loadConfig({ PORT: '4000' });
    expect(config.accessTokens).toEqual({
      issuer: 'http://localhost:4000',
      audience: 'tangle',
      ttlSeconds: 3_600,
      clockToleranceSeconds: 30,
      keyRotationHours: 24,
    });
    expect(config.jwtKeyEncryptionKey).toBeNull();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PUBLIC_BASE_URL: 'https://chat.example.com/',
      JWT_AUDIENCE: 'gateway',
      ACCESS_TOKEN_TTL_SECONDS: '900',
      JWT_CLOCK_TOLERANCE_SECONDS: '5',
      JWT_KEY_ROTATION_HOURS: '168',
      JWT_KEY_ENCRYPTION_KEY: KEY,
    });
    expect(config.accessTokens).toEqual({
      issuer: 'https://chat.example.com',
      audience: 'gateway',
      ttlSeconds: 900,
      clockToleranceSeconds: 5,
      keyRotationHours: 168,
    });
    expect(config.jwtKeyEncryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(loadConfig({ JWT_ISSUER: 'https://id.example.com' }).accessTokens.issuer).toBe(
      'https://id.example.com',
    );
  });

  it('refuses values out of range, naming the variable', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '30' })).toThrow(
      /^ACCESS_TOKEN_TTL_SECONDS must be an integer from 60 to 86400/,
    );
    expect(() => loadConfig({ JWT_CLOCK_TOLERANCE_SECONDS: '301' })).toThrow(ConfigError);
    expect(() => loadConfig({ JWT_KEY_ROTATION_HOURS: '0.5' })).toThrow(ConfigError);
    expect(() => loadConfig({ JWT_AUDIENCE: 'a\nb' })).toThrow(/^JWT_AUDIENCE must be/);
    expect(() => loadConfig({ JWT_ISSUER: 'x'.repeat(513) })).toThrow(/^JWT_ISSUER must be/);
    expect(() => loadConfig({ JWT_KEY_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(
      'JWT_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded',
    );
  });

  it('requires the key-encryption key wherever the signing keys are shared', () => {
    const keys = { IDENTIFIER_KEY: KEY, MAIL_KEY: KEY, TOTP_KEY: KEY };
    for (const shared of [
      { EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', ...keys },
      { MONGO_URL: 'mongodb://localhost:27017/tangle' },
    ]) {
      expect(() => loadConfig(shared)).toThrow(/^JWT_KEY_ENCRYPTION_KEY is required with/);
      expect(() => loadConfig({ ...shared, JWT_KEY_ENCRYPTION_KEY: KEY })).toThrow(
        /^DATA_KEY_ENCRYPTION_KEY is required with/,
      );
      const config = loadConfig({
        ...shared,
        JWT_KEY_ENCRYPTION_KEY: KEY,
        DATA_KEY_ENCRYPTION_KEY: KEY,
      });
      expect(config.jwtKeyEncryptionKey).toEqual(Buffer.alloc(32, 7));
      expect(config.dataKeyEncryptionKey).toEqual(Buffer.alloc(32, 7));
    }
  });
});

describe('loadConfig: account deletion', () => {
  it('waits 7 days by default and sweeps every minute', () => {
    expect(loadConfig({}).accountDeletion).toEqual({
      graceMs: 604_800_000,
      sweepIntervalMs: 60_000,
    });
    expect(loadConfig({}).dataKeyEncryptionKey).toBeNull();
  });

  it('reads the grace, the sweep interval and the data-key encryption key', () => {
    const config = loadConfig({
      ACCOUNT_DELETION_GRACE_MS: '3600000',
      ACCOUNT_DELETION_SWEEP_INTERVAL_MS: '1000',
      DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    });
    expect(config.accountDeletion).toEqual({ graceMs: 3_600_000, sweepIntervalMs: 1_000 });
    expect(config.dataKeyEncryptionKey).toEqual(Buffer.alloc(32, 9));
  });

  it('refuses a grace over a year, a negative one and a short key', () => {
    expect(() => loadConfig({ ACCOUNT_DELETION_GRACE_MS: String(366 * 86_400_000) })).toThrow(
      /^ACCOUNT_DELETION_GRACE_MS must be/,
    );
    expect(() => loadConfig({ ACCOUNT_DELETION_GRACE_MS: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_KEY_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(
      'DATA_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded',
    );
  });
});

describe('loadConfig: two-factor sign-in', () => {
  const KEY = Buffer.alloc(32, 9).toString('base64');

  it('names the product Tangle, seals TOTP secrets with a key file, and gives MFA tickets 5 minutes by default', () => {
    expect(loadConfig({})).toMatchObject({
      productName: 'Tangle',
      totpKey: null,
      mfaTicketTtlMs: 300_000,
    });
  });

  it('reads PRODUCT_NAME, TOTP_KEY and MFA_TICKET_TTL_MS', () => {
    expect(
      loadConfig({ PRODUCT_NAME: ' Osmium ', TOTP_KEY: KEY, MFA_TICKET_TTL_MS: '120000' }),
    ).toMatchObject({
      productName: 'Osmium',
      totpKey: Buffer.alloc(32, 9),
      mfaTicketTtlMs: 120_000,
    });
  });

  it('refuses a short TOTP key, an issuer with a colon, and requires the key with EVENTSTORE_URL', () => {
    expect(() => loadConfig({ TOTP_KEY: 'c2hvcnQ=' })).toThrow('TOTP_KEY must be 32 bytes');
    expect(() => loadConfig({ PRODUCT_NAME: 'A:B' })).toThrow(/^PRODUCT_NAME must be/);
    expect(() => loadConfig({ MFA_TICKET_TTL_MS: '500' })).toThrow(/^MFA_TICKET_TTL_MS must be/);
    const esdb = {
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      IDENTIFIER_KEY: KEY,
      MAIL_KEY: KEY,
      JWT_KEY_ENCRYPTION_KEY: KEY,
      DATA_KEY_ENCRYPTION_KEY: KEY,
    };
    expect(() => loadConfig(esdb)).toThrow(/^TOTP_KEY is required with EVENTSTORE_URL/);
    expect(loadConfig({ ...esdb, TOTP_KEY: KEY }).totpKey).toEqual(Buffer.alloc(32, 9));
  });
});

describe('loadConfig: password policy', () => {
  it('is the standard profile with the shipped list and no range check by default', () => {
    expect(loadConfig({}).passwordPolicy).toEqual({
      profile: 'standard',
      minLength: 8,
      commonPasswordsFile: null,
      pwnedUrl: null,
      pwnedTimeoutMs: 1_500,
    });
  });

  it('reads the NIST profile with its own minimum, a list file and a range service', () => {
    const config = loadConfig({
      PASSWORD_POLICY: 'nist',
      PASSWORD_COMMON_LIST_FILE: 'lists/common.txt.gz',
      PASSWORD_PWNED_URL: 'https://api.pwnedpasswords.com/',
      PASSWORD_PWNED_TIMEOUT_MS: '800',
    });
    expect(config.passwordPolicy).toEqual({
      profile: 'nist',
      minLength: 15,
      commonPasswordsFile: expect.stringMatching(/^\/.*\/lists\/common\.txt\.gz$/),
      pwnedUrl: 'https://api.pwnedpasswords.com',
      pwnedTimeoutMs: 800,
    });
    expect(
      loadConfig({ PASSWORD_POLICY: 'nist', PASSWORD_MIN_LENGTH: '20' }).passwordPolicy,
    ).toMatchObject({ profile: 'nist', minLength: 20 });
    expect(loadConfig({ PASSWORD_MIN_LENGTH: '12' }).passwordPolicy.minLength).toBe(12);
  });

  it.each([
    [
      { PASSWORD_POLICY: 'strict' },
      /^PASSWORD_POLICY must be one of standard, nist, got "strict"$/,
    ],
    [
      { PASSWORD_MIN_LENGTH: '6' },
      /^PASSWORD_MIN_LENGTH must be an integer from 8 to 64 with PASSWORD_POLICY=standard, got "6"$/,
    ],
    [{ PASSWORD_MIN_LENGTH: '65' }, /from 8 to 64/],
    [{ PASSWORD_MIN_LENGTH: 'ten' }, /from 8 to 64/],
    [
      { PASSWORD_POLICY: 'nist', PASSWORD_MIN_LENGTH: '12' },
      /^PASSWORD_MIN_LENGTH must be an integer from 15 to 64 with PASSWORD_POLICY=nist, got "12"$/,
    ],
    [
      { PASSWORD_PWNED_URL: 'api.pwnedpasswords.com' },
      /^PASSWORD_PWNED_URL must be an http\(s\) URL/,
    ],
    [
      { PASSWORD_PWNED_URL: 'ftp://mirror.example' },
      /^PASSWORD_PWNED_URL must be an http\(s\) URL/,
    ],
    [
      { PASSWORD_PWNED_TIMEOUT_MS: '50' },
      /^PASSWORD_PWNED_TIMEOUT_MS must be an integer from 100 to 30000/,
    ],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('usesDataDir', () => {
  const KEY = Buffer.alloc(32, 7).toString('base64');
  const production = {
    EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
    MONGO_URL: 'mongodb://localhost:27017/tangle',
    KAFKA_BROKERS: 'localhost:9092',
    IDENTIFIER_KEY: KEY,
    MAIL_KEY: KEY,
    JWT_KEY_ENCRYPTION_KEY: KEY,
    DATA_KEY_ENCRYPTION_KEY: KEY,
    TOTP_KEY: KEY,
  };

  it('is false when every store and key is external: the image needs no writable directory', () => {
    expect(usesDataDir(loadConfig(production))).toBe(false);
  });

  it('is true in embedded mode, and whenever one store or key falls back to a local file', () => {
    expect(usesDataDir(loadConfig({}))).toBe(true);
    const { MONGO_URL: _mongo, JWT_KEY_ENCRYPTION_KEY: _jwt, ...withoutMongo } = production;
    expect(usesDataDir(loadConfig({ ...withoutMongo, JWT_KEY_ENCRYPTION_KEY: KEY }))).toBe(true);
  });
});

describe('loadConfig: passkeys', () => {
  it('takes the RP id and origin from PUBLIC_BASE_URL, the name from APP_NAME', () => {
    expect(
      loadConfig({ PUBLIC_BASE_URL: 'https://auth.example.com/', APP_NAME: 'Chat' }).passkeys,
    ).toEqual({
      rpId: 'auth.example.com',
      rpName: 'Chat',
      origins: ['https://auth.example.com'],
      challengeTtlMs: 300_000,
    });
  });

  it('reads every variable: a parent domain as RP id, several origins on it', () => {
    expect(
      loadConfig({
        WEBAUTHN_RP_ID: 'Example.com',
        WEBAUTHN_RP_NAME: 'Example',
        WEBAUTHN_ORIGINS: 'https://example.com, https://app.example.com:8443/',
        PASSKEY_CHALLENGE_TTL_MS: '60000',
      }).passkeys,
    ).toEqual({
      rpId: 'example.com',
      rpName: 'Example',
      origins: ['https://example.com', 'https://app.example.com:8443'],
      challengeTtlMs: 60_000,
    });
  });

  it('serves no passkeys on an IP-address base URL; refuses an IP address as RP id, an origin off its domain, and http beyond localhost', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }).passkeys).toBeNull();
    expect(() => loadConfig({ WEBAUTHN_RP_ID: '10.0.0.1' })).toThrow(
      /WEBAUTHN_RP_ID must be a domain/,
    );
    expect(() =>
      loadConfig({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'https://example.org' }),
    ).toThrow(/not on the relying party's domain example.com/);
    expect(() =>
      loadConfig({ WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'http://example.com' }),
    ).toThrow(/http only for localhost/);
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://localhost:3000' }).passkeys?.origins).toEqual([
      'http://localhost:3000',
    ]);
    expect(() => loadConfig({ PASSKEY_CHALLENGE_TTL_MS: '999' })).toThrow(
      /PASSKEY_CHALLENGE_TTL_MS/,
    );
  });
});

describe('loadConfig: account settings', () => {
  it('undoes an email change for 7 days by default, and limits changes per account', () => {
    const config = loadConfig({});
    expect(config.emailChangeUndoMs).toBe(7 * 86_400_000);
    expect(config.rateLimits.rules['change-email']).toEqual({
      addr: { count: 10, windowMs: 3_600_000 },
      account: { count: 10, windowMs: 86_400_000 },
    });
    expect(config.rateLimits.rules['change-password'].account).toEqual({
      count: 10,
      windowMs: 900_000,
    });
  });

  it('reads EMAIL_CHANGE_UNDO_MS, between a minute and 30 days', () => {
    expect(loadConfig({ EMAIL_CHANGE_UNDO_MS: '86400000' }).emailChangeUndoMs).toBe(86_400_000);
    expect(() => loadConfig({ EMAIL_CHANGE_UNDO_MS: '1000' })).toThrow(/EMAIL_CHANGE_UNDO_MS/);
    expect(() => loadConfig({ EMAIL_CHANGE_UNDO_MS: String(31 * 86_400_000) })).toThrow(
      /EMAIL_CHANGE_UNDO_MS/,
    );
  });
});

describe('loadConfig: new-sign-in notices and takeout links', () => {
  it('are on by default, off with NEW_SIGN_IN_NOTICES=off, and nothing else is accepted', () => {
    expect(loadConfig({}).newSignInNotices).toBe(true);
    expect(loadConfig({ NEW_SIGN_IN_NOTICES: 'off' }).newSignInNotices).toBe(false);
    expect(() => loadConfig({ NEW_SIGN_IN_NOTICES: 'no' })).toThrow(/NEW_SIGN_IN_NOTICES/);
  });

  it('take an hour for takeout links unless TAKEOUT_LINK_TTL_MS says otherwise (1 s to 7 days)', () => {
    expect(loadConfig({}).takeoutLinkTtlMs).toBe(3_600_000);
    expect(loadConfig({ TAKEOUT_LINK_TTL_MS: '5000' }).takeoutLinkTtlMs).toBe(5_000);
    expect(() => loadConfig({ TAKEOUT_LINK_TTL_MS: '999' })).toThrow(/TAKEOUT_LINK_TTL_MS/);
  });
});

describe('loadConfig: QR login', () => {
  it('gives tickets 60 s unless QR_LOGIN_TTL_MS says otherwise, and limits ticket requests and answers', () => {
    const config = loadConfig({});
    expect(config.qrLoginTtlMs).toBe(60_000);
    expect(loadConfig({ QR_LOGIN_TTL_MS: '120000' }).qrLoginTtlMs).toBe(120_000);
    expect(config.rateLimits.rules['qr-login']).toEqual({ addr: { count: 30, windowMs: 900_000 } });
    expect(config.rateLimits.rules['qr-answer']).toEqual({
      addr: { count: 30, windowMs: 900_000 },
      account: { count: 20, windowMs: 900_000 },
    });
  });

  it('refuses a ticket time under 10 s or over 10 minutes, naming the variable', () => {
    expect(() => loadConfig({ QR_LOGIN_TTL_MS: '5000' })).toThrow(/QR_LOGIN_TTL_MS/);
    expect(() => loadConfig({ QR_LOGIN_TTL_MS: '3600000' })).toThrow(ConfigError);
  });
});

describe('loadConfig: session activity', () => {
  it('records activity every 15 minutes by default, within a budget of 200 writes a second', () => {
    const config = loadConfig({});
    expect(config.sessionActivityIntervalMs).toBe(900_000);
    expect(config.sessionActivityWritesPerSecond).toBe(200);
  });

  it('takes a quarter of a short idle timeout as the default interval', () => {
    const config = loadConfig({ SESSION_IDLE_TIMEOUT_MS: '1200000' });
    expect(config.sessionActivityIntervalMs).toBe(300_000);
  });

  it('refuses an interval longer than half the idle timeout: sessions in use would end', () => {
    expect(() =>
      loadConfig({ SESSION_IDLE_TIMEOUT_MS: '1200000', SESSION_ACTIVITY_INTERVAL_MS: '900000' }),
    ).toThrow(
      new ConfigError(
        'SESSION_IDLE_TIMEOUT_MS must be at least twice SESSION_ACTIVITY_INTERVAL_MS (1800000)',
      ),
    );
    expect(
      loadConfig({
        SESSION_ACTIVITY_INTERVAL_MS: '60000',
        SESSION_ACTIVITY_WRITES_PER_SECOND: '50',
      }),
    ).toMatchObject({ sessionActivityIntervalMs: 60_000, sessionActivityWritesPerSecond: 50 });
    expect(() => loadConfig({ SESSION_ACTIVITY_WRITES_PER_SECOND: '0' })).toThrow(ConfigError);
  });
});

describe('loadConfig: state caches', () => {
  it('bounds each cache by CACHE_MAX_ENTRIES, 100,000 by default', () => {
    expect(loadConfig({}).cacheMaxEntries).toBe(100_000);
    expect(loadConfig({ CACHE_MAX_ENTRIES: '5000' }).cacheMaxEntries).toBe(5_000);
    expect(() => loadConfig({ CACHE_MAX_ENTRIES: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ CACHE_MAX_ENTRIES: 'lots' })).toThrow(ConfigError);
  });
});
