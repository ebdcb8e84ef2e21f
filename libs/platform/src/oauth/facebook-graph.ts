import { createHmac } from 'node:crypto';
import { AuthError } from '@tangle/contracts';
import type { VerifiedOAuthIdentity } from '@tangle/application';
import type { FacebookSettings } from './oauth-provider-settings';

interface DebugTokenAnswer {
  data?: {
    app_id?: string;
    is_valid?: boolean;
    user_id?: string;
    expires_at?: number;
    type?: string;
  };
}

interface MeAnswer {
  id?: string;
  name?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
}

/**
 * Facebook access tokens, for clients that have no Limited Login ID token: `debug_token` with
 * the app access token says whether the token is valid, for which app and user; `/me` (with
 * `appsecret_proof`) gives the name and address. Facebook does not assert the address verified,
 * so it never links an existing account by address.
 */
export class FacebookGraph {
  constructor(
    private readonly settings: FacebookSettings,
    private readonly timeoutMs: number,
  ) {}

  async verifyAccessToken(accessToken: string): Promise<VerifiedOAuthIdentity> {
    const { appSecret } = this.settings;
    if (appSecret === null) {
      throw new AuthError(
        'PROVIDER_NOT_CONFIGURED',
        'facebook access tokens need OAUTH_FACEBOOK_APP_SECRET; send the Limited Login idToken',
      );
    }
    const [appId] = this.settings.clientIds;
    const debug = await this.get<DebugTokenAnswer>('debug_token', {
      input_token: accessToken,
      access_token: `${appId}|${appSecret}`,
    });
    const data = debug?.data;
    if (
      !data ||
      data.is_valid !== true ||
      typeof data.user_id !== 'string' ||
      !this.settings.clientIds.includes(String(data.app_id))
    ) {
      throw new AuthError('INVALID_TOKEN', 'the access token is not valid for this app');
    }
    const me = await this.get<MeAnswer>('me', {
      fields: 'id,name,first_name,last_name,email',
      access_token: accessToken,
      appsecret_proof: createHmac('sha256', appSecret).update(accessToken).digest('hex'),
    });
    if (me?.id !== data.user_id) {
      throw new AuthError('INVALID_TOKEN', 'the access token does not belong to its user');
    }
    return {
      provider: 'facebook',
      subject: data.user_id,
      email: text(me.email),
      emailVerified: false,
      privateRelayEmail: false,
      name: text(me.name),
      givenName: text(me.first_name),
      familyName: text(me.last_name),
      nonce: null,
      // 0: a token that does not expire; it is remembered for no nonce, so any time will do.
      expiresAt: (data.expires_at ?? 0) * 1000,
    };
  }

  /** A Graph API answer; Graph's refusals (400 with an error body) are an invalid token. */
  private async get<T>(path: string, query: Record<string, string>): Promise<T | null> {
    const url = new URL(`${this.settings.graphUrl.replace(/\/+$/, '')}/${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    let answer: Response;
    try {
      answer = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw new AuthError('UNAVAILABLE', 'the Facebook Graph API could not be reached');
    }
    if (answer.status >= 500) {
      throw new AuthError('UNAVAILABLE', `the Facebook Graph API answered ${answer.status}`);
    }
    if (!answer.ok) return null;
    try {
      return (await answer.json()) as T;
    } catch {
      return null;
    }
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 1024 ? value : null;
}
