import { CODES, OsmiumClient, RpcFailure } from '../support/osmium-client';
import { removeDir, startApp, tempDataDir, type AppProcess } from '../support/app-process';

/** The limits over both transports, kept across a restart, exact under parallel tries. */
describe('rate limits', () => {
  const dataDir = tempDataDir();
  const env = {
    RATE_LIMITS: 'on',
    RATE_LIMIT_SIGN_IN_ACCOUNT: '5/15m',
    RATE_LIMIT_SIGN_IN_ADDR: '1000/5m',
    RATE_LIMIT_SIGN_UP_ADDR: '20/1h',
    RATE_LIMIT_REFRESH_ADDR: '3/1m',
  };
  let app: AppProcess;

  beforeAll(async () => {
    app = await startApp({ dataDir, env });
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    removeDir(dataDir);
  });

  async function signInOverHttp(email: string, password: string) {
    const response = await fetch(`${app.httpUrl}/v1/auth/signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as { error: { code: string } },
    };
  }

  it('holds the account limit under 50 wrong passwords sent at once on 10 connections, then answers 429 with Retry-After over HTTP', async () => {
    const email = `limited.${Date.now()}@example.com`;
    const owner = await OsmiumClient.connect(app.url);
    await owner.initialize();
    await owner.signUp({ name: 'Limited', email, password: 'Correct-Horse-1' });
    const clients = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const c = await OsmiumClient.connect(app.url);
        await c.initialize();
        return c;
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        clients[i % 10].signIn(email, 'Wrong-Horse-1').then(
          () => 'signed in',
          (e: RpcFailure) => e.code,
        ),
      ),
    );
    expect(results.filter((r) => r === CODES.INVALID_CREDENTIALS)).toHaveLength(5);
    expect(results.filter((r) => r === CODES.RATE_LIMIT_EXCEEDED)).toHaveLength(45);
    const refused = await clients[0].signIn(email, 'Wrong-Horse-1').catch((e: RpcFailure) => e);
    expect(refused).toBeInstanceOf(RpcFailure);
    expect((refused as RpcFailure).message).toMatch(/try again in \d+ s/);

    const http = await signInOverHttp(email, 'Correct-Horse-1');
    expect(http.status).toBe(429);
    expect(Number(http.retryAfter)).toBeGreaterThan(0);
    expect(http.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    await Promise.all([owner, ...clients].map((c) => c.close()));
  });

  it('keeps counting across a restart of the service', async () => {
    const email = `restart.${Date.now()}@example.com`;
    const c = await OsmiumClient.connect(app.url);
    await c.initialize();
    await c.signUp({ name: 'Restart', email, password: 'Correct-Horse-1' });
    await c.close();
    for (let i = 0; i < 5; i++) {
      expect((await signInOverHttp(email, 'Wrong-Horse-1')).status).toBe(400);
    }
    await app.stop();
    app = await startApp({ dataDir, env });
    const after = await signInOverHttp(email, 'Correct-Horse-1');
    expect(after.status).toBe(429);
    expect(after.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  }, 60_000);

  it('limits the gateway routes too: login by account, refresh by address, 429 in the envelope', async () => {
    const email = `gateway.${Date.now()}@example.com`;
    const post = async (path: string, body: object) => {
      const response = await fetch(`${app.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked below
        body: (await response.json()) as any,
      };
    };
    const up = await post('/auth/register', {
      email,
      password: 'Correct-Horse-1',
      firstName: 'Gate',
      lastName: 'Way',
    });
    expect(up.status).toBe(201);
    for (let i = 0; i < 5; i++) {
      expect((await post('/auth/login', { email, password: 'Wrong-Horse-1' })).status).toBe(400);
    }
    const locked = await post('/auth/login', { email, password: 'Correct-Horse-1' });
    expect(locked).toMatchObject({
      status: 429,
      retryAfter: expect.stringMatching(/^\d+$/),
      body: { success: false, error: { code: 'RATE_LIMIT_EXCEEDED' } },
    });

    let token = up.body.data.tokens.refreshToken as string;
    for (let i = 0; i < 3; i++) {
      const refreshed = await post('/auth/refresh', { refreshToken: token });
      expect(refreshed.status).toBe(200);
      token = refreshed.body.data.tokens.refreshToken;
    }
    const over = await post('/auth/refresh', { refreshToken: token });
    expect(over).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMIT_EXCEEDED' } } });
    expect(Number(over.retryAfter)).toBeGreaterThan(0);
  });
});
