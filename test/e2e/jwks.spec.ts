import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, startApp, type AppProcess } from '../support/app-process';

const DAY = 86_400_000;

/** The published key set: public Ed25519 keys only, cacheable, the same across restarts. */
describe('GET /.well-known/jwks.json', () => {
  let app: AppProcess;

  beforeAll(async () => {
    app = await startApp();
  }, 60_000);

  afterAll(async () => {
    if (app.child.exitCode === null) expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  const fetchJwks = async () => {
    const response = await fetch(`${app.httpUrl}/.well-known/jwks.json`);
    return { response, body: (await response.json()) as { keys: Record<string, unknown>[] } };
  };

  it('serves the current and the next public key, with no private field, for a short while', async () => {
    const { response, body } = await fetchJwks();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const period = Math.floor(Date.now() / DAY);
    // Around midnight UTC the day may have turned between the request and now.
    expect(body.keys.map((key) => key.kid)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^24h\\.(${period}|${period - 1})\\.0$`)),
      ]),
    );
    expect(body.keys).toHaveLength(2);
    for (const key of body.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(Buffer.from(String(key.x), 'base64url')).toHaveLength(32);
    }
  });

  it('keeps the keys sealed in DATA_DIR, owner-only, and serves the same ones after a restart', async () => {
    const before = (await fetchJwks()).body;
    const files = ['signing-keys.sqlite', 'signing-keys.sqlite-wal', 'signing-keys.key'].map(
      (name) => join(app.dataDir, name),
    );
    for (const file of files) expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    const stored = files
      .slice(0, 2)
      .map((file) => readFileSync(file).toString('latin1'))
      .join('');
    for (const key of before.keys) expect(stored).not.toContain(String(key.x));

    expect(await app.stop()).toBe(0);
    app = await startApp({ dataDir: app.dataDir });
    expect((await fetchJwks()).body).toEqual(before);
  }, 60_000);
});
