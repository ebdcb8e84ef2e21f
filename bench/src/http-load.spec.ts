import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeRequest, runHttpLoad } from './http-load';

describe('runHttpLoad', () => {
  let server: Server;
  let baseUrl: string;
  const sockets = new Set<unknown>();
  let requests = 0;
  /** /chain: the steps each connection index sent, in order. */
  const chains = new Map<number, number[]>();

  beforeAll(async () => {
    const served = new WeakMap<object, number>();
    server = createServer((request, response) => {
      requests += 1;
      const onSocket = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, onSocket);
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (request.url === '/chain') {
          const { index, step } = JSON.parse(body) as { index: number; step: number };
          chains.set(index, [...(chains.get(index) ?? []), step]);
        }
        // /flaky: every second answer on a connection after its first is a 503.
        const flaky = request.url === '/flaky' && onSocket > 1 && onSocket % 2 === 0;
        const status = body.includes('"bad"') ? 400 : flaky ? 503 : 200;
        const text = JSON.stringify({ echo: body });
        response.writeHead(status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        response.end(text);
      });
    });
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('keeps one request in flight on each of a fixed number of keep-alive connections', async () => {
    sockets.clear();
    requests = 0;
    const result = await runHttpLoad({
      baseUrl,
      connections: 4,
      warmupMs: 50,
      durationMs: 300,
      expectStatus: 200,
      request: (index) => ({ method: 'POST', path: '/x', body: JSON.stringify({ index }) }),
      checkFirstAnswer: (body) => expect(JSON.parse(body.toString()).echo).toMatch(/index/),
      serverPid: process.pid, // the server runs in this process
    });
    expect(sockets.size).toBe(4);
    expect(result.completed).toBeGreaterThan(10);
    expect(result.completed).toBeLessThanOrEqual(requests);
    expect(result.errors).toBe(0);
    expect(result.droppedConnections).toBe(0);
    expect(result.latency.p99Ms).toBeGreaterThan(0);
    expect(result.serverCpuUsPerAnswer).toBeGreaterThan(0);
    expect(result.clientCpuUsPerAnswer).toBeGreaterThan(0);
  });

  it('counts answers with another status as errors, by status, and not in latency', async () => {
    const result = await runHttpLoad({
      baseUrl,
      connections: 2,
      warmupMs: 20,
      durationMs: 300,
      expectStatus: 200,
      request: () => ({ method: 'GET', path: '/flaky' }),
    });
    expect(result.errors).toBeGreaterThan(5);
    expect(Object.keys(result.errorCodes)).toEqual(['503']);
    expect(Math.abs(result.errors - result.completed)).toBeLessThanOrEqual(2);
  });

  it('sends each connection the request made from its last answer when following a chain', async () => {
    chains.clear();
    const result = await runHttpLoad({
      baseUrl,
      connections: 2,
      warmupMs: 20,
      durationMs: 200,
      expectStatus: 200,
      request: (index) => ({
        method: 'POST',
        path: '/chain',
        body: JSON.stringify({ index, step: 0 }),
      }),
      follow: (index, answer) => {
        const sent = JSON.parse(JSON.parse(answer.toString()).echo) as { step: number };
        return {
          method: 'POST',
          path: '/chain',
          body: JSON.stringify({ index, step: sent.step + 1 }),
        };
      },
    });
    expect(result.completed).toBeGreaterThan(10);
    expect([...chains.keys()].sort()).toEqual([0, 1]);
    for (const steps of chains.values()) {
      expect(steps.length).toBeGreaterThan(5);
      expect(steps).toEqual(steps.map((_, i) => i));
    }
  });

  it("does not start when a connection's first answer is wrong", async () => {
    const result = await runHttpLoad({
      baseUrl,
      connections: 2,
      warmupMs: 20,
      durationMs: 200,
      expectStatus: 200,
      request: (index) => ({
        method: 'POST',
        path: '/x',
        body: JSON.stringify(index === 0 ? { index } : { index, bad: 1 }),
      }),
    }).catch((error: unknown) => error);
    // The second connection's first answer is already wrong: the load does not start.
    expect(String(result)).toMatch(/first answer 400/);
  });

  it('encodes a request once: request line, Host, headers, Content-Length, body', () => {
    expect(
      encodeRequest('127.0.0.1:80', {
        method: 'POST',
        path: '/v1/auth/authorize',
        headers: { 'content-type': 'application/json' },
        body: '{"token":"é"}',
      }).toString(),
    ).toBe(
      'POST /v1/auth/authorize HTTP/1.1\r\nhost: 127.0.0.1:80\r\ncontent-type: application/json\r\n' +
        'content-length: 14\r\n\r\n{"token":"é"}',
    );
  });
});
