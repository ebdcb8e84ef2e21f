import type { IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import { OsmiumClient } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';

const PASSWORD = 'Connection-Limits-1';

/**
 * One address must not be able to hold every socket of the service: upgrades
 * are capped per address and in all, idle sockets meet deadlines, dead peers
 * are pinged out, and browsers need an allowed Origin.
 */
describe('WebSocket connection limits', () => {
  const ALLOWED_ORIGIN = 'https://app.example.com';
  const INITIALIZE_MS = 600;
  const AUTHORIZE_MS = 1_200;
  const PING_MS = 250;
  let app: AppProcess;
  /** A session token: sockets that Authorize with it are past both deadlines. */
  let token: string;

  beforeAll(async () => {
    app = await startApp({
      env: {
        WS_MAX_CONNECTIONS_PER_ADDRESS: '20',
        WS_MAX_CONNECTIONS: '40',
        WS_ALLOWED_ORIGINS: `${ALLOWED_ORIGIN}, https://other.example.com/`,
        WS_INITIALIZE_TIMEOUT_MS: String(INITIALIZE_MS),
        WS_AUTHORIZE_TIMEOUT_MS: String(AUTHORIZE_MS),
        WS_PING_INTERVAL_MS: String(PING_MS),
      },
    });
    const response = await fetch(`${app.httpUrl}/v1/auth/signUp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Holder',
        email: `holder.${Date.now()}@example.com`,
        password: PASSWORD,
      }),
    });
    expect(response.status).toBe(200);
    token = ((await response.json()) as { token: string }).token;
  }, 60_000);

  afterAll(async () => {
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  /** An initialized, signed-in client: what a real client holds open. */
  async function signedInClient(options: ClientOptions = {}): Promise<OsmiumClient> {
    const client = await OsmiumClient.connect(app.url, undefined, options);
    await client.initialize();
    await client.authorize(token);
    return client;
  }

  /** Opens a raw WebSocket; resolves with it once open, or with the HTTP status that refused it. */
  function open(
    url: string,
    options: ClientOptions = {},
  ): Promise<{ socket: WebSocket } | { status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options);
      socket.once('open', () => resolve({ socket }));
      socket.once('unexpected-response', (_request, response: IncomingMessage) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      });
      socket.once('error', reject);
    });
  }

  /** The refusal of an upgrade, or 'accepted' (and the socket closed again). */
  async function refusalOf(
    url: string,
    options: ClientOptions = {},
  ): Promise<{ status: number; body: string } | 'accepted'> {
    const result = await open(url, options);
    if (!('socket' in result)) return result;
    await closeAll([result.socket]);
    return 'accepted';
  }

  async function openSocket(url: string, options: ClientOptions = {}): Promise<WebSocket> {
    const result = await open(url, options);
    if (!('socket' in result)) throw new Error(`refused with ${result.status}: ${result.body}`);
    return result.socket;
  }

  /** The close code and the time from `since`, or 'open' if the socket is still open after `withinMs`. */
  function closeOf(
    socket: WebSocket,
    since: number,
    withinMs: number,
  ): Promise<{ code: number; reason: string; afterMs: number } | 'open'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('open'), withinMs);
      socket.once('close', (code: number, reason: Buffer) => {
        clearTimeout(timer);
        resolve({ code, reason: reason.toString(), afterMs: Date.now() - since });
      });
    });
  }

  async function health(): Promise<{ status: number; connections: number }> {
    const response = await fetch(`${app.httpUrl}/healthz`);
    const body = (await response.json()) as { connections: number };
    return { status: response.status, connections: body.connections };
  }

  async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function closeAll(sockets: WebSocket[]): Promise<void> {
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once('close', () => resolve());
            socket.close();
          }),
      ),
    );
  }

  it('refuses an address past its cap with 429 and a full server with 503, while other clients and /healthz are served', async () => {
    const held: OsmiumClient[] = [];
    try {
      // Loopback is 127.0.0.0/8 on Linux: each source address is another client.
      for (let i = 0; i < 20; i++) held.push(await signedInClient());
      expect(await refusalOf(app.url)).toEqual({
        status: 429,
        body: 'too many connections from this address',
      });

      const other = await OsmiumClient.connect(app.url, undefined, { localAddress: '127.0.0.2' });
      held.push(other);
      await other.initialize();
      const signedUp = await other.signUp({
        name: 'Other',
        email: `other.${Date.now()}@example.com`,
        password: PASSWORD,
      });
      expect(signedUp.token).toBeTruthy();
      expect(await health()).toEqual({ status: 200, connections: 21 });

      // 19 more from a third address fill the server.
      for (let i = 0; i < 19; i++) held.push(await signedInClient({ localAddress: '127.0.0.3' }));
      expect(await refusalOf(app.url, { localAddress: '127.0.0.4' })).toEqual({
        status: 503,
        body: 'server connection limit reached',
      });
      expect(await health()).toEqual({ status: 200, connections: 40 });

      // A slot is free again once the server has seen a socket close.
      await held.pop()!.close();
      await until(async () => (await health()).connections === 39);
      held.push(await signedInClient({ localAddress: '127.0.0.4' }));
      expect(await health()).toEqual({ status: 200, connections: 40 });
    } finally {
      await Promise.all(held.map((client) => client.close()));
    }
  });

  it('refuses a foreign Origin with 403 and accepts an allowed or a missing one', async () => {
    expect(await refusalOf(app.url, { origin: 'https://evil.example.net' })).toEqual({
      status: 403,
      body: 'origin not allowed',
    });
    const sockets = [
      await openSocket(app.url, { origin: ALLOWED_ORIGIN }),
      await openSocket(app.url, { origin: 'HTTPS://OTHER.EXAMPLE.COM' }),
      await openSocket(app.url),
    ];
    expect(sockets.map((s) => s.readyState)).toEqual([
      WebSocket.OPEN,
      WebSocket.OPEN,
      WebSocket.OPEN,
    ]);
    await closeAll(sockets);
  });

  it('closes a socket that does not send Initialize in time with 1008', async () => {
    const since = Date.now();
    const socket = await openSocket(app.url);
    const closed = await closeOf(socket, since, INITIALIZE_MS + 1_000);
    expect(closed).toMatchObject({
      code: 1008,
      reason: `core.Initialize not received within ${INITIALIZE_MS} ms`,
    });
    expect((closed as { afterMs: number }).afterMs).toBeGreaterThanOrEqual(INITIALIZE_MS - 50);
  });

  it('closes an initialized socket that does not sign in in time with 1008, and keeps one that did', async () => {
    const since = Date.now();
    const idle = await OsmiumClient.connect(app.url);
    await idle.initialize();
    const kept = await signedInClient();
    const closed = await closeOf(idle.socket, since, AUTHORIZE_MS + 1_000);
    expect(closed).toMatchObject({ code: 1008, reason: `not signed in within ${AUTHORIZE_MS} ms` });
    // Initialized in time, it outlived the Initialize deadline.
    expect((closed as { afterMs: number }).afterMs).toBeGreaterThanOrEqual(AUTHORIZE_MS - 50);
    expect(kept.socket.readyState).toBe(WebSocket.OPEN);
    await expect(kept.getSessions()).resolves.toHaveProperty('sessions');
    await kept.close();
  });

  it('terminates a peer that does not answer pings, and keeps one that does', async () => {
    // Both signed in: no deadline can close them, only the ping.
    const silent = await signedInClient({ autoPong: false });
    const answering = await signedInClient();
    // A second ping means the peer answered the first: an unanswered one is not followed by another.
    const secondPing = new Promise<boolean>((resolve) => {
      let pings = 0;
      const timer = setTimeout(() => resolve(false), 4 * PING_MS);
      answering.socket.on('ping', () => {
        if (++pings < 2) return;
        clearTimeout(timer);
        resolve(true);
      });
    });
    // Found dead within two intervals, and cut off without a close frame (1006).
    const closed = await closeOf(silent.socket, Date.now(), 4 * PING_MS);
    expect(closed).toMatchObject({ code: 1006 });
    expect(await secondPing).toBe(true);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    await answering.close();
  });
});
