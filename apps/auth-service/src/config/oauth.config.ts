import { OAUTH_PROVIDERS, type OAuthProvider } from '@tangle/contracts';
import {
  FACEBOOK_GRAPH_URL,
  OAUTH_DEFAULTS,
  OAUTH_PROVIDER_ENDPOINTS,
  type OAuthProviderSettings,
  type OAuthSettings,
} from '@tangle/platform';
import { ConfigError } from './auth-service.config';

type Env = Record<string, string | undefined>;

/**
 * Sign-in providers from the environment: `OAUTH_<PROVIDER>_CLIENT_IDS` (comma-separated; none:
 * the provider is not configured), `OAUTH_<PROVIDER>_ISSUER` (comma-separated) and
 * `OAUTH_<PROVIDER>_JWKS_URL` replacing the provider's own (a test identity provider), and for
 * Facebook `OAUTH_FACEBOOK_APP_SECRET` and `OAUTH_FACEBOOK_GRAPH_URL`. Key sets and the Graph
 * API are fetched over https; http only from a loopback host.
 */
export function oauthSettings(env: Env): OAuthSettings {
  const provider = (name: OAuthProvider): OAuthProviderSettings => {
    const prefix = `OAUTH_${name.toUpperCase()}_`;
    const defaults = OAUTH_PROVIDER_ENDPOINTS[name];
    const clientIds = list(env[`${prefix}CLIENT_IDS`]);
    for (const id of clientIds) {
      if (id.length > 256 || [...id].some((char) => char <= ' ' || char === '\x7f')) {
        throw new ConfigError(`${prefix}CLIENT_IDS: ${JSON.stringify(id)} is not a client id`);
      }
    }
    const issuers = list(env[`${prefix}ISSUER`]);
    return {
      clientIds,
      issuers: issuers.length > 0 ? issuers : defaults.issuers,
      jwksUrl: fetchUrl(`${prefix}JWKS_URL`, env[`${prefix}JWKS_URL`] || defaults.jwksUrl),
    };
  };
  const [google, apple, facebook] = OAUTH_PROVIDERS.map(provider);
  return {
    google,
    apple,
    facebook: {
      ...facebook,
      graphUrl: fetchUrl(
        'OAUTH_FACEBOOK_GRAPH_URL',
        (env.OAUTH_FACEBOOK_GRAPH_URL || FACEBOOK_GRAPH_URL).replace(/\/+$/, ''),
      ),
      appSecret: env.OAUTH_FACEBOOK_APP_SECRET || null,
    },
    maxTokenAgeSeconds: OAUTH_DEFAULTS.maxTokenAgeSeconds,
    clockToleranceSeconds: OAUTH_DEFAULTS.clockToleranceSeconds,
    jwksCooldownMs: int(env, 'OAUTH_JWKS_COOLDOWN_MS', OAUTH_DEFAULTS.jwksCooldownMs, 0, 3_600_000),
    jwksCacheMaxAgeMs: int(
      env,
      'OAUTH_JWKS_CACHE_MS',
      OAUTH_DEFAULTS.jwksCacheMaxAgeMs,
      1_000,
      86_400_000,
    ),
    fetchTimeoutMs: int(env, 'OAUTH_FETCH_TIMEOUT_MS', OAUTH_DEFAULTS.fetchTimeoutMs, 100, 60_000),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function fetchUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ConfigError(
      `${name} must be an https URL (http only on a loopback host), got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
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

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
