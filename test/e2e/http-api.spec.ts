import { OsmiumClient } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';

/** HTTP/JSON for web clients: the same commands, the same error catalogue. */
describe('HTTP/JSON API', () => {
  let app: AppProcess;

  beforeAll(async () => {
    app = await startApp();
  }, 60_000);

  afterAll(async () => {
    // Ctrl-C in a terminal: the same clean shutdown as SIGTERM.
    expect(await app.stop('SIGINT')).toBe(0);
    removeDir(app.dataDir);
  });

  async function post(path: string, body: unknown, token?: string) {
    const response = await fetch(`${app.httpUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function sessions(token?: string) {
    const response = await fetch(`${app.httpUrl}/v1/auth/sessions`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are checked by the assertions
    return { status: response.status, body: (await response.json()) as any };
  }

  it('signs up, signs in, lists and revokes; a revoked session is pushed out of its WebSocket too', async () => {
    const email = `web.${Date.now()}@example.com`;
    const up = await post('/v1/auth/sign-up', {
      name: 'Web User',
      email,
      password: 'Browser-Pass-1',
      device: { device_type: 'web', device_version: 'Firefox 140' },
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      user: { name: 'Web User' },
      session_id: expect.stringMatching(/^\d+$/),
    });

    const ws = await OsmiumClient.connect(app.url);
    await ws.initialize({ deviceType: 'desktop' });
    const wsAuth = await ws.signIn(email, 'Browser-Pass-1');

    const list = await sessions(up.body.token);
    expect(list.status).toBe(200);
    expect(list.body.current).toBe(up.body.session_id);
    const ids = list.body.sessions.map((s: { id: string }) => s.id).sort();
    expect(ids).toEqual([up.body.session_id, wsAuth.sessionId].sort());
    expect(
      list.body.sessions.find((s: { id: string }) => s.id === up.body.session_id),
    ).toMatchObject({
      device_type: 'web',
      device_version: 'Firefox 140',
      app_name: 'Tangle',
    });

    const revoked = await post(
      '/v1/auth/sessions/revoke',
      { session_ids: [wsAuth.sessionId] },
      up.body.token,
    );
    expect(revoked.status).toBe(204);
    await ws.waitForUpdate((u) => !!u.sessionDeleted);
    const reuse = await post('/v1/auth/authorize', { token: wsAuth.token });
    expect(reuse).toEqual({
      status: 401,
      body: {
        success: false,
        error: { code: 'INVALID_TOKEN', errorCode: 5, message: expect.any(String) },
        timestamp: expect.any(String),
        requestId: expect.stringMatching(/^req_/),
      },
    });
    await ws.close();
  });

  it('answers bad input with catalogue errors and statuses', async () => {
    expect(await post('/v1/auth/sign-up', { name: 'x', unexpected: true })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_ARGUMENT' } },
    });
    expect(await post('/v1/auth/sign-up', '{not json')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_ARGUMENT' } },
    });
    expect(
      await post('/v1/auth/sign-up', {
        name: 'x',
        email: `w.${Date.now()}@example.com`,
        password: 'weakpassword',
      }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'WEAK_PASSWORD', message: expect.stringMatching(/uppercase/) } },
    });
    expect(
      await post('/v1/auth/sign-in', { email: 'nobody@example.com', password: 'Whatever-1' }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_CREDENTIALS', errorCode: 2 } },
    });
    expect(await sessions()).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED' } },
    });
    expect(await sessions('tgl_nope')).toMatchObject({
      status: 401,
      body: { error: { code: 'INVALID_TOKEN' } },
    });
    const missing = await fetch(`${app.httpUrl}/v1/auth/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
