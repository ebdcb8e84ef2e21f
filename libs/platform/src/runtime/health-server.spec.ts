import type { AddressInfo } from 'node:net';
import { startHealthServer, type HealthReport } from './health-server';

describe('startHealthServer', () => {
  it('answers /healthz while running and /readyz from the report, 503 when not ready', async () => {
    let report: HealthReport = { ready: true, checks: { lease: { ok: true, detail: 'held' } } };
    const server = await startHealthServer(0, '127.0.0.1', async () => report);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: report.checks });

      report = { ready: false, checks: { lease: { ok: false, detail: 'standby' } } };
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'not-ready', checks: report.checks });

      expect((await fetch(`${base}/metrics`)).status).toBe(404);
      expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('serves /metrics when given them', async () => {
    const metrics = {
      contentType: () => 'text/plain; version=0.0.4; charset=utf-8',
      text: async () => 'tangle_events_skipped_total{follower="relay",reason="not_json"} 2\n',
    };
    const report = async (): Promise<HealthReport> => ({ ready: true, checks: {} });
    const server = await startHealthServer(0, '127.0.0.1', report, metrics);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await response.text()).toContain('reason="not_json"} 2');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
