import { ConfigError, loadConfig } from './auth-service.config';

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
