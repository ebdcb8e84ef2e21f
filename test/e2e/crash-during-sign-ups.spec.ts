import { join } from 'node:path';
import { comparePositions, type RecordedEvent } from '@tangle/application';
import { AccountRegistered, SessionStarted, type AccountRegisteredData } from '@tangle/contracts';
import {
  DataKeyVault,
  PersonalDataEventStore,
  SqliteDataKeyStore,
  SqliteEventStore,
} from '@tangle/event-store';
import { DATA_KEYS_KEY_FILE, loadOrCreateKey } from '@tangle/platform';
import { SqliteReadModelStore } from '@tangle/read-models';
import { OsmiumClient } from '../support/osmium-client';
import { removeDir, startApp, tempDataDir } from '../support/app-process';

/**
 * kill -9 in the middle of 200 concurrent sign-ups: every acknowledged account
 * survives and can sign in, no address belongs to two accounts, and the read
 * models converge on the event store.
 */
describe('kill -9 during 200 concurrent sign-ups', () => {
  const dataDir = tempDataDir('tangle-crash-');
  afterAll(() => removeDir(dataDir));

  it('loses no acknowledged sign-up and duplicates none', async () => {
    const app = await startApp({ dataDir });
    const password = 'Crash-Test-42';
    const emails = Array.from({ length: 200 }, (_, i) => `crash.${i}@example.com`);
    const clients = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const c = await OsmiumClient.connect(app.url);
        await c.initialize();
        return c;
      }),
    );
    const acknowledged = new Map<string, string>();
    let killed: Promise<void> | null = null;
    await Promise.allSettled(
      emails.map((email, i) =>
        clients[i % clients.length].signUp({ name: `Crash ${i}`, email, password }).then((auth) => {
          acknowledged.set(email, auth.userId);
          if (acknowledged.size === 60) killed = app.kill();
        }),
      ),
    );
    await killed;
    expect(app.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(60);
    expect(acknowledged.size).toBeLessThan(200);

    const restarted = await startApp({ dataDir });
    const checker = await OsmiumClient.connect(restarted.url);
    await checker.initialize();
    for (const [email, userId] of acknowledged) {
      await expect(checker.signIn(email, password)).resolves.toMatchObject({ userId });
    }
    // A query after the last write waits for the read models to reach it.
    await checker.getSessions();
    await checker.close();
    expect(await restarted.stop()).toBe(0);

    // Read as the service reads it: personal fields opened with the accounts' data keys.
    const dataKeys = await SqliteDataKeyStore.open(join(dataDir, 'data-keys.sqlite'));
    const store = new PersonalDataEventStore(
      await SqliteEventStore.open({ file: join(dataDir, 'events.sqlite') }),
      new DataKeyVault(dataKeys, loadOrCreateKey(join(dataDir, DATA_KEYS_KEY_FILE)).key, {
        now: () => Date.now(),
      }),
    );
    const readModels = await SqliteReadModelStore.open(join(dataDir, 'read-models.sqlite'));
    try {
      const all: RecordedEvent[] = [];
      for (;;) {
        const page = await store.readAll({ after: all.at(-1)?.position, maxCount: 1000 });
        if (page.length === 0) break;
        all.push(...page);
      }
      const registered = all
        .filter((e) => e.type === AccountRegistered)
        .map((e) => e.data as AccountRegisteredData);
      const byEmail = new Map<string, number>();
      for (const account of registered)
        byEmail.set(account.email!, (byEmail.get(account.email!) ?? 0) + 1);
      expect([...byEmail.values()].every((count) => count === 1)).toBe(true);
      for (const email of acknowledged.keys()) expect(byEmail.get(email)).toBe(1);

      // The read models converged: same accounts, one user per address, checkpoint at the end of the log.
      for (const email of emails) {
        const users = await readModels.findUsersByEmail(email);
        expect(users).toHaveLength(byEmail.get(email) ?? 0);
      }
      const sessionsStarted = all.filter((e) => e.type === SessionStarted).length;
      let projectedSessions = 0;
      for (const account of registered)
        projectedSessions += (await readModels.listActiveSessions(account.userId)).length;
      expect(projectedSessions).toBe(sessionsStarted);
      const checkpoint = await readModels.checkpoint();
      expect(checkpoint && comparePositions(checkpoint, all.at(-1)!.position)).toBe(0);
    } finally {
      await readModels.close();
      await store.close();
      await dataKeys.close();
    }
  }, 120_000);
});
