import { CODES, OsmiumClient, rpcFailure } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';

/**
 * A session ends at its absolute end on every transport: an open WebSocket hears
 * `session_deleted` on its next request, as for a revocation, and the token is refused.
 */
describe('session lifetimes', () => {
  let app: AppProcess;
  const clients: OsmiumClient[] = [];

  async function client(): Promise<OsmiumClient> {
    const c = await OsmiumClient.connect(app.url);
    clients.push(c);
    await c.initialize();
    return c;
  }

  const failure = rpcFailure;

  beforeAll(async () => {
    app = await startApp({
      env: { SESSION_REMEMBERED_LIFETIME_MS: '2000', SESSION_LIFETIME_MS: '1000' },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    const exit = await app.stop();
    removeDir(app.dataDir);
    expect(exit).toBe(0);
  });

  it('ends an app session at its end: the open socket is signed out, the token refused', async () => {
    const socket = await client();
    const ada = await socket.signUp({ name: 'Ada' });
    await expect(socket.getSessions()).resolves.toMatchObject({ current: ada.sessionId });

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const refused = await failure(socket.getSessions());
    expect(refused.code).toBe(CODES.UNAUTHORIZED);
    const pushed = await socket.waitForUpdate((u) => !!u.sessionDeleted);
    expect(String(pushed.sessionDeleted!.sessionId)).toBe(ada.sessionId);

    const other = await client();
    expect((await failure(other.authorize(ada.token))).code).toBe(CODES.INVALID_TOKEN);
  });

  it('ends a gateway session without rememberMe at the short lifetime, and keeps a remembered one', async () => {
    const email = `lifetimes.${Date.now()}@example.com`;
    const post = async (path: string, body: object) => {
      const response = await fetch(`${app.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked below
      return { status: response.status, body: (await response.json()) as any };
    };
    const password = 'Correct-Horse-1';
    await post('/auth/register', { email, password, firstName: 'Life', lastName: 'Time' });
    const brief = await post('/auth/login', { email, password });
    const remembered = await post('/auth/login', { email, password, rememberMe: true });
    const ws = await client();
    await ws.authorize(remembered.body.data.tokens.accessToken);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const ended = await post('/auth/refresh', {
      refreshToken: brief.body.data.tokens.refreshToken,
    });
    expect(ended.status).toBe(401);
    // The list shows the live sessions only: the remembered one, not the ended one.
    const { sessions, current } = await ws.getSessions();
    const ids = sessions.map((s) => String(s.id));
    const briefSession = JSON.parse(
      Buffer.from(brief.body.data.tokens.accessToken.split('.')[1], 'base64url').toString(),
    ).sid;
    expect(ids).toEqual([current]);
    expect(briefSession).not.toBe(current);
    const kept = await post('/auth/refresh', {
      refreshToken: remembered.body.data.tokens.refreshToken,
    });
    expect(kept.status).toBe(200);
  });
});
