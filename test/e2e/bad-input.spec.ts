import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { core } from '@tangle/protocol';
import { OsmiumClient, CODES } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';

/** Bad input gets a clear RPCError or a fitting close code, never a dropped process. */
describe('bad input over the Osmium WebSocket', () => {
  let app: AppProcess;

  beforeAll(async () => {
    app = await startApp({ env: { MAX_FRAME_BYTES: '65536' } });
  }, 60_000);

  afterAll(async () => {
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  async function stillServes(): Promise<void> {
    const c = await OsmiumClient.connect(app.url);
    await expect(c.initialize()).resolves.toHaveProperty('entrypoints');
    await c.close();
  }

  it('answers a request before Initialize with NOT_INITIALIZED and its request id', async () => {
    const c = await OsmiumClient.connect(app.url);
    const result = await c.request({ authSignIn: { email: 'a@example.com', password: 'x' } });
    expect(result.reqId).toBe(1);
    expect(result.error?.errorCode).toBe(CODES.NOT_INITIALIZED);
    await c.close();
  });

  it('accepts an empty keep-alive silently and still answers the next request', async () => {
    const c = await OsmiumClient.connect(app.url);
    const received: Buffer[] = [];
    c.socket.on('message', (data: Buffer) => received.push(data));
    c.sendRaw(core.ClientMessage.encode({ id: 99 }).finish());
    const result = await c.request({ coreInitialize: { clientId: 1 } });
    expect(result.reqId).toBe(1);
    expect(result.initialized).toBeTruthy();
    expect(received).toHaveLength(1);
    await c.close();
  });

  it("answers another service's method (unknown field) with NOT_SERVED", async () => {
    const c = await OsmiumClient.connect(app.url);
    await c.initialize();
    // ClientMessage { id: 9, <field 4>: {} } - field 4 belongs to another service.
    const frame = Buffer.from([0x08, 0x09, 0x22, 0x00]);
    c.sendRaw(frame);
    const result = await new Promise<core.ServerMessage>((resolve) =>
      c.socket.once('message', (data: Buffer) => resolve(core.ServerMessage.decode(data))),
    );
    expect(result.result?.reqId).toBe(9);
    expect(result.result?.error?.errorCode).toBe(CODES.NOT_SERVED);
    await c.close();
  });

  it('answers signed-in methods without a session with UNAUTHORIZED', async () => {
    const c = await OsmiumClient.connect(app.url);
    await c.initialize();
    expect((await c.request({ settingsSetupTotp: {} })).error?.errorCode).toBe(CODES.UNAUTHORIZED);
    expect((await c.request({ settingsGetAccount: {} })).error?.errorCode).toBe(CODES.UNAUTHORIZED);
    expect((await c.request({ authGetSessions: {} })).error?.errorCode).toBe(CODES.UNAUTHORIZED);
    expect((await c.request({ authRevokeSessions: { sessionIds: [] } })).error?.errorCode).toBe(
      CODES.UNAUTHORIZED,
    );
    await c.close();
  });

  it('answers missing and malformed fields with INVALID_ARGUMENT or INVALID_TOKEN', async () => {
    const c = await OsmiumClient.connect(app.url);
    await c.initialize();
    expect((await c.request({ authSignUp: {} })).error?.errorCode).toBe(CODES.INVALID_ARGUMENT);
    expect(
      (await c.request({ authSignUp: { name: 'x', email: 'not-an-email' } })).error?.errorCode,
    ).toBe(CODES.INVALID_ARGUMENT);
    expect((await c.request({ authSignUp: { name: 'x'.repeat(5000) } })).error?.errorCode).toBe(
      CODES.INVALID_ARGUMENT,
    );
    expect((await c.request({ authAuthorize: {} })).error?.errorCode).toBe(CODES.INVALID_TOKEN);
    expect((await c.request({ authAuthorize: { token: 'tgl_garbage' } })).error?.errorCode).toBe(
      CODES.INVALID_TOKEN,
    );
    const initBad = await c.request({ coreInitialize: { deviceType: 'x'.repeat(1000) } });
    expect(initBad.error?.errorCode).toBe(CODES.INVALID_ARGUMENT);
    await c.close();
  });

  it('closes a text frame with 1003', async () => {
    const c = await OsmiumClient.connect(app.url);
    c.sendRaw('hello');
    expect((await c.closed).code).toBe(1003);
  });

  it('closes a frame that does not decode with 1007', async () => {
    const c = await OsmiumClient.connect(app.url);
    c.sendRaw(Buffer.from([0x08, 0x01, 0x12, 0xff, 0xff, 0xff, 0xff, 0x0f])); // length prefix far past the end
    expect((await c.closed).code).toBe(1007);
  });

  it('closes an oversized frame with 1009', async () => {
    const c = await OsmiumClient.connect(app.url);
    c.sendRaw(Buffer.alloc(65537, 1));
    expect((await c.closed).code).toBe(1009);
    await stillServes();
  });

  it('rejects upgrades on other paths', async () => {
    const socket = new WebSocket(`${app.url}elsewhere`);
    await expect(
      new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      }),
    ).rejects.toThrow(/404/);
  });

  it('survives 10,000 random, truncated, oversized and deeply nested frames with bounded memory', async () => {
    const valid = core.ClientMessage.encode({
      id: 7,
      authSignIn: { email: 'a@example.com', password: 'Password-1' },
    }).finish();
    const deepGroups = Buffer.concat([Buffer.from([0x08, 0x01]), Buffer.alloc(20_000, 0x0b)]); // field 1, start-group, nested
    const hugePrefix = Buffer.from([0x08, 0x02, 0x12, 0x80, 0x80, 0x80, 0x32]); // 100 MiB length-delimited field
    const frames: Buffer[] = [];
    for (let i = 0; i < 10_000; i++) {
      switch (i % 5) {
        case 0:
          frames.push(randomBytes(1 + (i % 300)));
          break;
        case 1:
          frames.push(Buffer.from(valid.subarray(0, i % valid.length)));
          break;
        case 2:
          frames.push(hugePrefix);
          break;
        case 3:
          frames.push(deepGroups);
          break;
        default:
          frames.push(Buffer.alloc(70_000 + (i % 7), i % 256)); // over the frame limit
      }
    }
    const rssBefore = await rssOf(app.child.pid!);
    // Each bad frame is followed by a probe request on the same connection: either the
    // probe is answered (the frame was handled and the connection lives) or the
    // server closed the connection (the frame was refused). Either way it was processed.
    const probe = core.ClientMessage.encode({
      id: 424242,
      coreInitialize: { clientId: 1 },
    }).finish();
    let next = 0;
    const outcomes = { answered: 0, closed: 0 };
    const worker = async () => {
      let socket: WebSocket | null = null;
      while (next < frames.length) {
        const frame = frames[next++];
        if (!socket || socket.readyState !== WebSocket.OPEN) socket = await openSocket(app.url);
        const live: WebSocket = socket;
        const outcome = await new Promise<'answered' | 'closed'>((resolve) => {
          const onMessage = (data: Buffer) => {
            if (core.ServerMessage.decode(data).result?.reqId === 424242) done('answered');
          };
          const onClose = () => done('closed');
          const done = (what: 'answered' | 'closed') => {
            live.off('message', onMessage);
            live.off('close', onClose);
            resolve(what);
          };
          live.on('message', onMessage);
          live.once('close', onClose);
          live.send(frame);
          if (live.readyState === WebSocket.OPEN) live.send(probe);
        });
        outcomes[outcome]++;
      }
      socket?.terminate();
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(outcomes.answered + outcomes.closed).toBe(10_000);
    expect(outcomes.closed).toBeGreaterThan(5_000);
    expect(app.child.exitCode).toBeNull();
    await stillServes();
    const rssAfter = await rssOf(app.child.pid!);
    expect(rssAfter - rssBefore).toBeLessThan(150 * 1024 * 1024);
  }, 120_000);
});

async function openSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('close', () => reject(new Error('closed before open')));
  });
  return socket;
}

async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}
