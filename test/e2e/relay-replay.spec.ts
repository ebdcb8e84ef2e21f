import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { comparePositions, type GlobalPosition } from '@tangle/application';
import { SqliteEventStore } from '@tangle/event-store';
import { INTEGRATION_RELAY, SqliteCheckpointStore } from '@tangle/messaging';
import { LoopbackSmtpServer } from '../../libs/mailer/src/testing/loopback-smtp-server';
import { OsmiumClient } from '../support/osmium-client';
import { freePort, removeDir, startApp, tempDataDir } from '../support/app-process';

const ROOT = resolve(__dirname, '../..');

/** An operator resets the relay to the first event: everything is republished, nothing is mailed twice. */
describe('relay replay from zero', () => {
  const dataDir = tempDataDir('tangle-replay-');
  afterAll(() => removeDir(dataDir));

  it('republishes every event after relay-reset and sends no second mail', async () => {
    const smtp = await LoopbackSmtpServer.start();
    const port = await freePort();
    const env = {
      SMTP_URL: smtp.url(),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      CODE_RESEND_COOLDOWN_MS: '0',
    };
    try {
      const app = await startApp({ dataDir, port, env });
      const c = await OsmiumClient.connect(app.url);
      await c.initialize();
      for (let i = 0; i < 3; i++)
        await c.signUp({ name: `R${i}`, email: `replay.${i}@example.com` });
      await c.call({ authResetPassword: { email: 'replay.0@example.com' } });
      await smtp.waitFor(4, 10_000);
      await c.close();
      expect(await app.stop()).toBe(0);

      execFileSync(
        process.execPath,
        [
          '-r',
          join(ROOT, 'test/support/register-ts.js'),
          join(ROOT, 'apps/projector/src/main.ts'),
          'relay-reset',
        ],
        { env: { ...process.env, DATA_DIR: dataDir }, stdio: 'pipe' },
      );
      const checkpoints = await SqliteCheckpointStore.open(join(dataDir, 'relay.sqlite'));
      expect(await checkpoints.load(INTEGRATION_RELAY)).toEqual({ commit: 0n, prepare: 0n });

      const last = await lastPosition(join(dataDir, 'events.sqlite'));
      const again = await startApp({ dataDir, port, env });
      const deadline = Date.now() + 15_000;
      let relayed: GlobalPosition | null = null;
      while (Date.now() < deadline) {
        relayed = await checkpoints.load(INTEGRATION_RELAY);
        if (relayed && comparePositions(relayed, last) >= 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await checkpoints.close();
      expect(relayed && comparePositions(relayed, last)).toBe(0);
      expect(await again.stop()).toBe(0);
      expect(smtp.received).toHaveLength(4);
    } finally {
      await smtp.close();
    }
  }, 90_000);
});

async function lastPosition(file: string): Promise<GlobalPosition> {
  const store = await SqliteEventStore.open({ file });
  try {
    let last: GlobalPosition | null = null;
    for (;;) {
      const page = await store.readAll({ after: last ?? undefined, maxCount: 1000 });
      if (page.length === 0) break;
      last = page[page.length - 1].position;
    }
    return last!;
  } finally {
    await store.close();
  }
}
