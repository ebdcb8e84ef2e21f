import { ServiceMetrics } from './service-metrics';

describe('ServiceMetrics', () => {
  it('counts and times requests by transport, method and outcome', async () => {
    const metrics = new ServiceMetrics({ processMetrics: false });
    metrics.observe('ws', 'auth.signIn', 'OK', 0.004);
    metrics.observe('ws', 'auth.signIn', 'INVALID_CREDENTIALS', 0.003);
    metrics.observe('http', 'POST /auth/login', 'OK', 0.2);

    const text = await metrics.text();

    expect(text).toContain(
      'tangle_requests_seconds_count{transport="ws",method="auth.signIn",code="OK"} 1',
    );
    expect(text).toContain(
      'tangle_requests_seconds_bucket{le="0.005",transport="ws",method="auth.signIn",code="INVALID_CREDENTIALS"} 1',
    );
    expect(text).toContain(
      'tangle_requests_seconds_bucket{le="0.1",transport="http",method="POST /auth/login",code="OK"} 0',
    );
  });

  it('reads gauges at scrape time, NaN for one that fails or has nothing to say', async () => {
    const metrics = new ServiceMetrics({ processMetrics: false });
    let connections = 3;
    metrics.gauge('tangle_open_connections', 'open WebSockets', () => connections);
    metrics.gauge('tangle_relay_lag_events', 'relay lag', async () => {
      throw new Error('store down');
    });
    metrics.gauge('tangle_projection_lag_seconds', 'lag', () => null);

    expect(await metrics.text()).toMatch(/^tangle_open_connections 3$/m);
    connections = 5;
    const text = await metrics.text();
    expect(text).toMatch(/^tangle_open_connections 5$/m);
    expect(text).toMatch(/^tangle_relay_lag_events nan$/im);
    expect(text).toMatch(/^tangle_projection_lag_seconds nan$/im);
  });

  it('counts the events followers of $all pass by, by follower and reason', async () => {
    const metrics = new ServiceMetrics({ processMetrics: false });
    metrics.skippedEvents.skipped('projections', 'foreign_stream');
    metrics.skippedEvents.skipped('projections', 'foreign_stream');
    metrics.skippedEvents.skipped('relay', 'not_json');

    const text = await metrics.text();

    expect(text).toContain(
      'tangle_events_skipped_total{follower="projections",reason="foreign_stream"} 2',
    );
    expect(text).toContain('tangle_events_skipped_total{follower="relay",reason="not_json"} 1');
  });

  it('keeps two instances apart and adds process metrics by default', async () => {
    const a = new ServiceMetrics();
    const b = new ServiceMetrics();
    a.observe('ws', 'auth.authorize', 'OK', 0.001);
    expect(await b.text()).not.toContain('auth.authorize');
    expect(await a.text()).toContain('tangle_process_resident_memory_bytes');
  });
});
