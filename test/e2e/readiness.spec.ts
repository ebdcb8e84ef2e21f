import { OsmiumClient } from '../support/osmium-client';
import { removeDir, startApp, tempDataDir } from '../support/app-process';

interface ReadyBody {
  status: string;
  checks: Record<string, { ok: boolean; detail: string }>;
}

async function readyz(httpUrl: string): Promise<{ status: number; body: ReadyBody }> {
  const response = await fetch(`${httpUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

describe('/readyz', () => {
  const dataDir = tempDataDir('tangle-ready-');
  afterAll(() => removeDir(dataDir));

  it('is ready when the caches, the store, the read models and the relay keep up', async () => {
    const app = await startApp({ dataDir });
    try {
      const c = await OsmiumClient.connect(app.url);
      await c.initialize();
      await c.signUp({ name: 'Ready', email: 'ready@example.com' });
      await c.close();

      let answer = await readyz(app.httpUrl);
      for (let i = 0; i < 50 && answer.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await readyz(app.httpUrl);
      }

      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('ready');
      expect(Object.keys(answer.body.checks).sort()).toEqual([
        'caches',
        'eventStore',
        'readModels',
        'relay',
      ]);
      expect(Object.values(answer.body.checks).every((check) => check.ok)).toBe(true);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  }, 60_000);

  it('answers 503 with the reason while the read models trail the log past the bound', async () => {
    // The projector is external and not running: the read models never move.
    const app = await startApp({
      dataDir,
      env: { PROJECTOR: 'external', READY_MAX_LAG_MS: '1000', READ_YOUR_WRITES_TIMEOUT_MS: '0' },
    });
    try {
      const c = await OsmiumClient.connect(app.url);
      await c.initialize();
      await c.signUp({ name: 'Later', email: 'later@example.com' });
      await c.close();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const answer = await readyz(app.httpUrl);

      expect(answer.status).toBe(503);
      expect(answer.body.status).toBe('not-ready');
      expect(answer.body.checks.readModels.ok).toBe(false);
      expect(answer.body.checks.readModels.detail).toMatch(
        /^\d+\+? events behind, the oldest \d+ s old \(bound 1 s\)$/,
      );
      expect(answer.body.checks.caches.ok).toBe(true);
      expect((await fetch(`${app.httpUrl}/healthz`)).status).toBe(200);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  }, 60_000);
});
