/**
 * The HTTP stack's own ceiling: a bare node:http server that answers `POST /v1/auth/authorize`
 * as the auth service does for a valid token (the body read and parsed, an answer of the same
 * shape and headers), with no framework and no application behind it. Run as its own process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const port = Number(process.env.PORT ?? 0);
const MAX_BODY_BYTES = 64 * 1024;

function authorize(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  let length = 0;
  request.on('data', (chunk: Buffer) => {
    length += chunk.length;
    if (length <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on('end', () => {
    let token: unknown;
    try {
      token = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { token?: unknown }).token;
    } catch {
      token = undefined;
    }
    if (length > MAX_BODY_BYTES || typeof token !== 'string') {
      send(response, 400, { error: { code: 1, name: 'INVALID_ARGUMENT', message: 'token' } });
      return;
    }
    send(response, 200, {
      token,
      user: { id: '386015308038537216', name: 'Bench 0', bot: false },
      sessionId: '386015310366375936',
    });
  });
}

function send(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    pragma: 'no-cache',
  });
  response.end(text);
}

const server = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/v1/auth/authorize') {
    authorize(request, response);
  } else if (request.url === '/healthz') {
    send(response, 200, { status: 'ok', connections: 0 });
  } else {
    send(response, 404, { error: { code: 8, name: 'NOT_FOUND', message: 'not found' } });
  }
});
server.keepAliveTimeout = 72_000;
server.listen(port, '127.0.0.1');

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
