import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { removeDir, startApp, tempDataDir } from '../support/app-process';

const ROOT = resolve(__dirname, '../..');

function projector(command: string, dataDir: string) {
  return spawnSync(
    process.execPath,
    [
      '-r',
      join(ROOT, 'test/support/register-ts.js'),
      join(ROOT, 'apps/projector/src/main.ts'),
      command,
    ],
    {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
}

/** One writer per data directory: an operator's replay or reset beside a live service is refused. */
describe('writer leases between the service and the projector commands', () => {
  const dataDir = tempDataDir('tangle-leases-');
  afterAll(() => removeDir(dataDir));

  it('refuses relay-reset and replay while the embedded service runs, and allows them after', async () => {
    const app = await startApp({ dataDir });
    try {
      for (const command of ['relay-reset', 'replay']) {
        const refused = projector(command, dataDir);
        expect({ command, status: refused.status }).toEqual({ command, status: 75 });
        expect(refused.stdout + refused.stderr).toMatch(/refused: the \S+ lease is held by /);
      }
    } finally {
      expect(await app.stop()).toBe(0);
    }

    const reset = projector('relay-reset', dataDir);
    expect(reset.status).toBe(0);
    expect(reset.stdout + reset.stderr).toContain('relay checkpoint reset');
  }, 120_000);

  it('refuses to start a second embedded service on the same data directory', async () => {
    const first = await startApp({ dataDir });
    try {
      const second = await startApp({ dataDir }).then(
        async (app) => {
          await app.stop();
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(second).toMatch(/lease is held by/);
    } finally {
      expect(await first.stop()).toBe(0);
    }
  }, 120_000);
});
