import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { depthLimit } from './http-body';

/** Auth answers carry tokens (or pages holding a link's secret): no cache may keep them. */
const NO_STORE_PREFIXES = ['/v1/auth', '/auth'];

/**
 * The HTTP server's request handling below the routes: bodies read with an
 * explicit limit (JSON, and the confirmation page's form), a depth check on
 * what they parse to, `Cache-Control: no-store` on every auth answer, and no
 * `X-Powered-By`. The app must be created with `bodyParser: false` so these
 * parsers are the only ones.
 */
export function configureHttpServer(app: NestExpressApplication, maxBodyBytes: number): void {
  app.disable('x-powered-by');
  // Registered before the body parsers so refused bodies are marked too.
  app.use(NO_STORE_PREFIXES, noStore);
  app.useBodyParser('json', { limit: maxBodyBytes });
  app.useBodyParser('urlencoded', { limit: maxBodyBytes, extended: false });
  app.use(depthLimit);
}

function noStore(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
  response.setHeader('cache-control', 'no-store');
  response.setHeader('pragma', 'no-cache');
  next();
}
