import { ConfigError, loadConfig } from './auth-service.config';

describe('OAuth configuration', () => {
  it('serves no provider by default, with the providers’ own issuers and key sets', () => {
    const { oauth } = loadConfig({});
    expect(oauth.google).toEqual({
      clientIds: [],
      issuers: ['https://accounts.google.com', 'accounts.google.com'],
      jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
    });
    expect(oauth.apple.jwksUrl).toBe('https://appleid.apple.com/auth/keys');
    expect(oauth.facebook).toMatchObject({
      clientIds: [],
      appSecret: null,
      graphUrl: 'https://graph.facebook.com/v21.0',
    });
    expect(oauth.jwksCooldownMs).toBe(30_000);
  });

  it('reads client ids, issuer and key-set overrides per provider', () => {
    const { oauth } = loadConfig({
      OAUTH_GOOGLE_CLIENT_IDS: ' web.apps.example.com , ios.apps.example.com ,',
      OAUTH_APPLE_CLIENT_IDS: 'com.example.chat',
      OAUTH_APPLE_ISSUER: 'http://127.0.0.1:4000,http://localhost:4000',
      OAUTH_APPLE_JWKS_URL: 'http://127.0.0.1:4000/jwks',
      OAUTH_FACEBOOK_CLIENT_IDS: '123',
      OAUTH_FACEBOOK_APP_SECRET: 's3cret',
      OAUTH_FACEBOOK_GRAPH_URL: 'http://localhost:4001/graph/',
      OAUTH_JWKS_COOLDOWN_MS: '0',
    });
    expect(oauth.google.clientIds).toEqual(['web.apps.example.com', 'ios.apps.example.com']);
    expect(oauth.apple).toEqual({
      clientIds: ['com.example.chat'],
      issuers: ['http://127.0.0.1:4000', 'http://localhost:4000'],
      jwksUrl: 'http://127.0.0.1:4000/jwks',
    });
    expect(oauth.facebook).toMatchObject({
      appSecret: 's3cret',
      graphUrl: 'http://localhost:4001/graph',
    });
    expect(oauth.jwksCooldownMs).toBe(0);
  });

  it('refuses key sets and the Graph API over plain http off loopback, and bad client ids', () => {
    expect(() => loadConfig({ OAUTH_GOOGLE_JWKS_URL: 'http://keys.example.com/jwks' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ OAUTH_FACEBOOK_GRAPH_URL: 'graph.facebook.com' })).toThrow(
      /OAUTH_FACEBOOK_GRAPH_URL must be an absolute URL/,
    );
    expect(() => loadConfig({ OAUTH_APPLE_CLIENT_IDS: 'com.example\u0000app' })).toThrow(
      /OAUTH_APPLE_CLIENT_IDS/,
    );
    expect(() => loadConfig({ OAUTH_JWKS_CACHE_MS: '5' })).toThrow(/OAUTH_JWKS_CACHE_MS/);
  });
});
