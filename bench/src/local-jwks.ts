import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A stand-in identity provider for the bench: one ES256 key, its JWKS on loopback (fetches
 * counted: with a cached key set the service asks once), and ID tokens signed with it.
 */
export class LocalJwks {
  fetches = 0;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
  ) {}

  static async start(): Promise<LocalJwks> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'ES256', use: 'sig' };
    let jwks: LocalJwks | null = null;
    const server = createServer((_request, response) => {
      jwks!.fetches++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    jwks = new LocalJwks(server, `http://127.0.0.1:${port}`, privateKey);
    return jwks;
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  /** An ID token for `audience`, valid for an hour. */
  sign(audience: string, claims: Record<string, unknown>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: this.issuer, aud: audience, iat: now, exp: now + 3600, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench-1', typ: 'JWT' })
      .sign(this.privateKey);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
