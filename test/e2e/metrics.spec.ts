import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { httpPost } from '../support/http-post';
import { OsmiumClient, rpcFailure } from '../support/osmium-client';
import { removeDir, startApp, tempDataDir, type AppProcess } from '../support/app-process';

/** Prometheus metrics of the started service: requests by transport, method and outcome. */
describe('/metrics', () => {
  const dataDir = tempDataDir('tangle-metrics-');
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await app.stop();
    removeDir(dataDir);
  });

  it('counts and times WebSocket and HTTP requests by method and outcome, and reads its gauges', async () => {
    const c = await OsmiumClient.connect(app.url);
    await c.initialize();
    await c.signUp({ name: 'Metered', email: 'metered@example.com', password: 'Correct horse 9' });
    await rpcFailure(c.signIn('metered@example.com', 'Wrong password 9'));
    const refused = await httpPost(app.httpUrl, '/v1/auth/getSessions', {});
    expect(refused.status).toBe(401);

    const response = await fetch(`${app.httpUrl}/metrics`);
    const text = await response.text();
    await c.close();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain(
      'tangle_requests_seconds_count{transport="ws",method="auth.signUp",code="OK"} 1',
    );
    expect(text).toContain(
      'tangle_requests_seconds_count{transport="ws",method="auth.signIn",code="INVALID_CREDENTIALS"} 1',
    );
    expect(text).toContain(
      'tangle_requests_seconds_count{transport="http",method="POST /v1/auth/getSessions",code="UNAUTHORIZED"} 1',
    );
    expect(text).toMatch(/^tangle_open_connections 1$/m);
    expect(text).toMatch(/^tangle_session_cache_entries [1-9]\d*$/m);
    expect(text).toMatch(/^tangle_account_cache_entries [1-9]\d*$/m);
    expect(text).toMatch(/^tangle_password_hash_queue 0$/m);
    expect(text).toMatch(/^tangle_projection_lag_events \d+$/m);
    expect(text).toMatch(/^tangle_relay_lag_seconds [\d.]+$/m);
    expect(text).toMatch(/^tangle_process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^# TYPE tangle_events_skipped_total counter$/m);
  }, 60_000);

  it('counts the events of other writers its followers pass by', async () => {
    const events = new Database(join(dataDir, 'events.sqlite'));
    try {
      events
        .prepare(
          'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at) ' +
            'VALUES (?, 0, ?, ?, ?, ?, ?)',
        )
        .run(`orders-${randomUUID()}`, randomUUID(), 'OrderPlaced', '{}', '{}', Date.now());
    } finally {
      events.close();
    }

    let text = '';
    for (const started = Date.now(); Date.now() - started < 10_000;) {
      text = await (await fetch(`${app.httpUrl}/metrics`)).text();
      if ((text.match(/reason="foreign_stream"\} 1/g) ?? []).length === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(text).toContain(
      'tangle_events_skipped_total{follower="stream-caches",reason="foreign_stream"} 1',
    );
    expect(text).toContain(
      'tangle_events_skipped_total{follower="projections",reason="foreign_stream"} 1',
    );
    expect(text).toContain(
      'tangle_events_skipped_total{follower="relay",reason="foreign_stream"} 1',
    );
  }, 30_000);
});
