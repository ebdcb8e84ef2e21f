import { core } from '@tangle/protocol';
import { OsmiumClient, CODES } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { httpPost } from '../support/http-post';

type LogLine = Record<string, unknown> & { level: string; service: string; msg?: string };

/**
 * The service's log as operators read it: JSON lines with the request's trace id, which the
 * HTTP answer (X-Request-Id, the error's traceId) and the WebSocket result (RPCResult.trace_id)
 * name too; no password, token or email address in it.
 */
describe('structured logs and trace ids', () => {
  let app: AppProcess;
  const clients: OsmiumClient[] = [];
  const email = `grace.${Date.now()}@example.com`;
  const password = 'Log-Free-Secret-77';
  const tokens: string[] = [];

  beforeAll(async () => {
    app = await startApp({ env: { LOG_LEVEL: 'debug' } });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  /** Every line the service wrote on stdout and stderr, each of which must be JSON. */
  function logLines(): LogLine[] {
    return app
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);
  }

  async function eventually<T>(find: () => T | undefined): Promise<T> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`not found in the log:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const post = (path: string, body: object, headers?: Record<string, string>) =>
    httpPost(app.httpUrl, path, body, headers);

  it('writes JSON lines with time, level and service', async () => {
    const lines = logLines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'auth-service', level: expect.any(String) });
      expect(typeof line.time).toBe('string');
    }
    expect(lines.some((line) => /listening/.test(line.msg ?? ''))).toBe(true);
  });

  it("echoes a caller's X-Request-Id, names it in the error and in the refusal's log line", async () => {
    const up = await post('/v1/auth/signUp', { name: 'Grace Hopper', email, password });
    expect(up.status).toBe(200);
    tokens.push(up.body.token);

    const refused = await post(
      '/v1/auth/signIn',
      { email, password: 'Wrong-Password-1' },
      { 'x-request-id': 'edge-trace-4242' },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBe('edge-trace-4242');
    expect(refused.body).toMatchObject({
      requestId: 'edge-trace-4242',
      error: { code: 'INVALID_CREDENTIALS', traceId: 'edge-trace-4242' },
    });
    const line = await eventually(() =>
      logLines().find((l) => l.traceId === 'edge-trace-4242' && l.msg === 'http request'),
    );
    expect(line).toMatchObject({
      level: 'info',
      route: '/v1/auth/signIn',
      status: 400,
      outcome: 'INVALID_CREDENTIALS',
    });
  });

  it('replaces an X-Request-Id that is not a plain bounded token', async () => {
    for (const sent of ['has spaces in it', 'x'.repeat(129), '{"level":"fatal"}']) {
      const answer = await post(
        '/v1/auth/signIn',
        { email, password: 'Wrong-Password-1' },
        {
          'x-request-id': sent,
        },
      );
      const id = answer.headers.get('x-request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9_-]+$/);
      expect(answer.body.error.traceId).toBe(id);
      await eventually(() => logLines().find((l) => l.traceId === id));
      expect(app.output()).not.toContain(sent);
    }
  });

  it('sets RPCResult.trace_id on every WebSocket result, and the call logs it', async () => {
    const ws = await OsmiumClient.connect(app.url);
    clients.push(ws);
    const initialized = await ws.request({
      coreInitialize: {
        clientId: 5,
        deviceType: 'desktop',
        deviceVersion: 'Linux',
        appVersion: '1',
      },
    });
    expect(initialized.traceId).toMatch(/^rpc_/);

    const signedIn = await ws.request({ authSignIn: { email, password } });
    expect(signedIn.authorization?.token).toMatch(/^tgl_/);
    tokens.push(signedIn.authorization!.token!);
    expect(signedIn.traceId).toMatch(/^rpc_/);
    expect(signedIn.traceId).not.toBe(initialized.traceId);
    const ok = await eventually(() =>
      logLines().find((l) => l.traceId === signedIn.traceId && l.msg === 'rpc'),
    );
    expect(ok).toMatchObject({ level: 'debug', method: 'auth.signIn', outcome: 'OK' });

    const other = await OsmiumClient.connect(app.url);
    clients.push(other);
    await other.initialize();
    const wrong = await other.request({ authSignIn: { email, password: 'Wrong-Password-1' } });
    expect(wrong.error?.errorCode).toBe(CODES.INVALID_CREDENTIALS);
    expect(wrong.traceId).toMatch(/^rpc_/);
    const refusal = await eventually(() =>
      logLines().find((l) => l.traceId === wrong.traceId && l.msg === 'rpc'),
    );
    expect(refusal).toMatchObject({ level: 'info', outcome: 'INVALID_CREDENTIALS' });

    // Another service's method (field 4, unknown here) is refused with a trace id too.
    other.sendRaw(Buffer.from([0x08, 0x63, 0x22, 0x00]));
    const notServed = await new Promise<core.ServerMessage>((resolve) =>
      other.socket.once('message', (data: Buffer) => resolve(core.ServerMessage.decode(data))),
    );
    expect(notServed.result?.reqId).toBe(0x63);
    expect(notServed.result?.error?.errorCode).toBe(CODES.NOT_SERVED);
    expect(notServed.result?.traceId).toMatch(/^rpc_/);
    const notServedLine = await eventually(() =>
      logLines().find((l) => l.traceId === notServed.result?.traceId && l.msg === 'rpc'),
    );
    expect(notServedLine).toMatchObject({ level: 'info', reqId: 0x63, outcome: 'NOT_SERVED' });
  });

  it('never logs the password, the session tokens or the email address', async () => {
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    // The sign-up's verification mail was logged, its address masked.
    await eventually(() => logLines().find((l) => /^mail to \[email\]/.test(l.msg ?? '')));
    const output = app.output();
    expect(output).not.toContain(password);
    for (const token of tokens) expect(output).not.toContain(token);
    expect(output).not.toContain(email);
  });
});
