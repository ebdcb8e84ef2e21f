import { ConfigError, loadConfig } from './auth-service.config';

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
