import type { OAuthProvider } from '@tangle/contracts';

/** One provider's configuration; a provider without client ids is not configured. */
export interface OAuthProviderSettings {
  /** The `aud` values accepted: the web, iOS and Android client ids (Facebook: the app id). */
  clientIds: string[];
  /** The `iss` values accepted. */
  issuers: string[];
  /** Where the provider publishes its signing keys (JWKS). */
  jwksUrl: string;
}

/** Facebook also checks access tokens with the Graph API when no ID token is given. */
export interface FacebookSettings extends OAuthProviderSettings {
  graphUrl: string;
  /** Needed for `debug_token` (app access token) and `appsecret_proof`; null: ID tokens only. */
  appSecret: string | null;
}

export interface OAuthSettings {
  google: OAuthProviderSettings;
  apple: OAuthProviderSettings;
  facebook: FacebookSettings;
  /** A token issued longer ago than this is refused whatever its `exp` (seconds). */
  maxTokenAgeSeconds: number;
  /** Leeway for `exp`, `iat` and `nbf` (seconds). */
  clockToleranceSeconds: number;
  /** A fetched key set is reloaded for an unknown `kid` at most once per this (ms). */
  jwksCooldownMs: number;
  /** How long a key set is used before it is fetched again (ms). */
  jwksCacheMaxAgeMs: number;
  /** Key-set and Graph API requests taking longer fail with UNAVAILABLE (ms). */
  fetchTimeoutMs: number;
}

/** The providers' published endpoints, which `OAUTH_<PROVIDER>_ISSUER` / `_JWKS_URL` replace. */
export const OAUTH_PROVIDER_ENDPOINTS: Record<
  OAuthProvider,
  { issuers: string[]; jwksUrl: string }
> = {
  google: {
    // Google signs with either spelling of its issuer.
    issuers: ['https://accounts.google.com', 'accounts.google.com'],
    jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
  },
  apple: {
    issuers: ['https://appleid.apple.com'],
    jwksUrl: 'https://appleid.apple.com/auth/keys',
  },
  facebook: {
    // Limited Login's OpenID Connect tokens.
    issuers: ['https://www.facebook.com', 'https://limited.facebook.com'],
    jwksUrl: 'https://limited.facebook.com/.well-known/oauth/openid/jwks/',
  },
};

export const FACEBOOK_GRAPH_URL = 'https://graph.facebook.com/v21.0';

export const OAUTH_DEFAULTS = {
  maxTokenAgeSeconds: 3600,
  clockToleranceSeconds: 60,
  jwksCooldownMs: 30_000,
  jwksCacheMaxAgeMs: 600_000,
  fetchTimeoutMs: 5_000,
} as const;
