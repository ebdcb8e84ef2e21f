import { createServer, type Server } from 'node:http';

/** A readiness verdict and the checks behind it, as /readyz answers it. */
export interface HealthReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { ok: boolean; detail: string }>>;
}

/** Prometheus text of a registry (ServiceMetrics). */
export interface MetricsText {
  contentType(): string;
  text(): Promise<string>;
}

/**
 * The health endpoints of a process without an HTTP API of its own (the projector, the
 * mailer): `GET /healthz` answers 200 while the process runs, `GET /readyz` 200 or 503 from
 * `report`, `GET /metrics` the metrics when given; anything else 404. Resolves once listening;
 * the server does not keep the process up.
 */
export function startHealthServer(
  port: number,
  host: string,
  report: () => Promise<HealthReport>,
  metrics?: MetricsText,
): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      response.end(JSON.stringify(body));
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(405, { status: 'method' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/metrics' && metrics) {
      metrics.text().then(
        (text) => {
          response.writeHead(200, { 'Content-Type': metrics.contentType() });
          response.end(text);
        },
        () => send(500, { status: 'error' }),
      );
      return;
    }
    if (path !== '/readyz') return send(404, { status: 'not-found' });
    report().then(
      (health) =>
        send(health.ready ? 200 : 503, {
          status: health.ready ? 'ready' : 'not-ready',
          checks: health.checks,
        }),
      (error: unknown) =>
        send(503, {
          status: 'not-ready',
          checks: { report: { ok: false, detail: String(error) } },
        }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.unref();
      resolve(server);
    });
  });
}
