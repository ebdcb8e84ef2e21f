import { CODES, OsmiumClient, RpcFailure } from '../support/osmium-client';
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

  async function failure(promise: Promise<unknown>): Promise<RpcFailure> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof RpcFailure) return error;
      throw error;
    }
    throw new Error('expected an RPC error');
  }

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
});
