import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  published: boolean;
}

/** A Facebook user as the Graph API stand-in knows them, behind an access token. */
export interface GraphUser {
  appId: string;
  userId: string;
  valid?: boolean;
  name?: string;
  email?: string;
}

/**
 * An OpenID Connect identity provider on loopback for tests and the bench: its own ES256 key
 * pairs, a JWKS at `/jwks` (counting fetches), tokens signed with any claims, key rotation (a
 * key can sign before it is published), and a stand-in for Facebook's Graph API
 * (`/graph/debug_token`, `/graph/me`) over the access tokens it was given.
 */
export class LocalIdentityProvider {
  readonly keys: SigningKey[] = [];
  readonly graphUsers = new Map<string, GraphUser>();
  /** The Facebook app secret the Graph stand-in expects in app tokens and proofs. */
  graphAppSecret = 'app-secret';
  jwksFetches = 0;
  /** Set: the JWKS answers this status instead (a provider outage). */
  failJwksWith: number | null = null;
  private kids = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<LocalIdentityProvider> {
    let provider: LocalIdentityProvider | null = null;
    const server = createServer((request, response) =>
      provider!.answer(request.url ?? '/', response),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    provider = new LocalIdentityProvider(server, `http://127.0.0.1:${port}`);
    await provider.addKey();
    return provider;
  }

  get issuer(): string {
    return this.url;
  }

  get jwksUrl(): string {
    return `${this.url}/jwks`;
  }

  get graphUrl(): string {
    return `${this.url}/graph`;
  }

  /** The key new tokens are signed with: the newest. */
  get currentKid(): string {
    return this.keys[this.keys.length - 1].kid;
  }

  /** A new signing key, published in the JWKS unless told otherwise; returns its kid. */
  async addKey(options: { publish?: boolean } = {}): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `key-${++this.kids}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    this.keys.push({ kid, privateKey, publicJwk, published: options.publish ?? true });
    return kid;
  }

  publish(kid: string): void {
    this.key(kid).published = true;
  }

  /** Signs `claims` over the defaults (its own `iss`, `aud`, `sub`, issued now, an hour valid). */
  async sign(
    claims: Record<string, unknown> & { aud: string | string[] },
    options: { kid?: string; key?: CryptoKey } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const kid = options.kid ?? this.currentKid;
    return new SignJWT({ iss: this.issuer, sub: 'subject-1', iat: now, exp: now + 3600, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .sign(options.key ?? this.key(kid).privateKey);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private key(kid: string): SigningKey {
    const key = this.keys.find((candidate) => candidate.kid === kid);
    if (!key) throw new Error(`no key ${kid}`);
    return key;
  }

  private answer(path: string, response: import('node:http').ServerResponse): void {
    const url = new URL(path, this.url);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/jwks') {
      this.jwksFetches++;
      if (this.failJwksWith !== null) return json(this.failJwksWith, { error: 'down' });
      return json(200, {
        keys: this.keys.filter((key) => key.published).map((key) => key.publicJwk),
      });
    }
    if (url.pathname === '/graph/debug_token') {
      const user = this.graphUsers.get(url.searchParams.get('input_token') ?? '');
      const appToken = url.searchParams.get('access_token') ?? '';
      if (!appToken.endsWith(`|${this.graphAppSecret}`)) {
        return json(400, { error: { message: 'invalid app access token' } });
      }
      if (!user) return json(200, { data: { is_valid: false } });
      return json(200, {
        data: {
          app_id: user.appId,
          is_valid: user.valid ?? true,
          user_id: user.userId,
          type: 'USER',
          expires_at: Math.floor(Date.now() / 1000) + 3600,
        },
      });
    }
    if (url.pathname === '/graph/me') {
      const token = url.searchParams.get('access_token') ?? '';
      const user = this.graphUsers.get(token);
      const proof = createHmac('sha256', this.graphAppSecret).update(token).digest('hex');
      if (!user || url.searchParams.get('appsecret_proof') !== proof) {
        return json(400, { error: { message: 'bad token' } });
      }
      return json(200, { id: user.userId, name: user.name, email: user.email });
    }
    json(404, { error: 'not found' });
  }
}
