/**
 * The HTTP stack's own ceiling: a bare node:http server that answers `GET /v1/auth/authorize`
 * (the bearer token read from the header) as the auth service does for a valid token, and
 * `POST /auth/oauth/google` with an envelope of the sign-in's shape (answers of the same shape
 * and headers), with no framework and no application behind it. Run as its own process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const port = Number(process.env.PORT ?? 0);

function authorize(request: IncomingMessage, response: ServerResponse): void {
  const token = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    send(response, 401, { success: false, error: { code: 'UNAUTHORIZED', errorCode: 6 } });
    return;
  }
  send(response, 200, {
    token,
    user: { id: '386015308038537216', name: 'Bench 0' },
    sessionId: '386015310366375936',
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

/** `POST /auth/oauth/google` as the service answers a sign-in: the envelope with a token pair. */
function oauthSignIn(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const { idToken } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { idToken: string };
    send(response, 200, {
      success: true,
      data: {
        user: { id: '386015308038537216', email: 'oauth-bench-0@example.com', emailVerified: true },
        tokens: {
          accessToken: idToken,
          refreshToken: `tgr_${'x'.repeat(43)}`,
          expiresIn: 3600,
        },
        mfaRequired: false,
        newAccount: false,
      },
      timestamp: new Date().toISOString(),
      requestId: 'req_bench',
    });
  });
}

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/v1/auth/authorize') {
    authorize(request, response);
  } else if (request.method === 'POST' && request.url === '/auth/oauth/google') {
    oauthSignIn(request, response);
  } else if (request.url === '/healthz') {
    send(response, 200, { status: 'ok', connections: 0 });
  } else {
    send(response, 404, { success: false, error: { code: 'NOT_FOUND', errorCode: 8 } });
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
