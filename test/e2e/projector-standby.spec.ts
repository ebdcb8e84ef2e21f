import mongoose from 'mongoose';
import { removeDir, startApp, tempDataDir, type AppProcess } from '../support/app-process';
import { describeWithMongo, testDatabase } from '../support/mongo-test-database';
import { OsmiumClient } from '../support/osmium-client';

const ACCOUNTS_PER_PHASE = 5;

/**
 * Two projectors started at once on one Mongo-wire server: one takes the writer lease and
 * writes, the other waits in standby and takes over when the first is killed; every account is
 * projected once.
 */
describeWithMongo('two projectors started at once', (mongoUrl) => {
  const dataDir = tempDataDir('tangle-standby-');
  const database = testDatabase('standby');
  let app: AppProcess;
  const projectors: AppProcess[] = [];
  let connection: mongoose.Connection | undefined;
  const clients: OsmiumClient[] = [];

  beforeAll(async () => {
    // The service writes the log (embedded, its own read models in SQLite); both projectors
    // follow that file into the Mongo-wire server.
    app = await startApp({ dataDir });
    const url = new URL(mongoUrl);
    url.pathname = `/${database.dbName}`;
    projectors.push(
      ...(await Promise.all(
        [1, 2].map(() =>
          startApp({
            main: 'apps/projector/src/main.ts',
            dataDir,
            env: { MONGO_URL: url.toString() },
          }),
        ),
      )),
    );
    connection = await mongoose.createConnection(mongoUrl, { dbName: database.dbName }).asPromise();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await connection?.close();
    for (const projector of projectors) await projector.stop();
    expect(await app.stop()).toBe(0);
    await database.drop();
    removeDir(dataDir);
  }, 60_000);

  async function writing(projector: AppProcess): Promise<boolean> {
    const response = await fetch(`${projector.httpUrl}/readyz`);
    const report = (await response.json()) as { checks: { leases: { ok: boolean } } };
    return report.checks.leases.ok;
  }

  async function until<T>(what: string, probe: () => Promise<T | null>): Promise<T> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const found = await probe();
      if (found !== null) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function signUps(phase: string): Promise<string[]> {
    const client = await OsmiumClient.connect(app.url);
    clients.push(client);
    await client.initialize();
    const userIds: string[] = [];
    for (let i = 0; i < ACCOUNTS_PER_PHASE; i += 1) {
      const email = `standby.${phase}.${i}.${Date.now()}@example.com`;
      userIds.push((await client.signUp({ name: `Standby ${i}`, email })).userId);
    }
    return userIds;
  }

  const projectedUsers = async () =>
    (await connection!.db!.collection<{ _id: string }>('users').find({}).toArray())
      .map((doc) => doc._id)
      .sort();

  it('writes through one of them, and through the other once the first is killed', async () => {
    const leader = await until('one projector to hold the lease', async () => {
      const states = await Promise.all(projectors.map(writing));
      return states.filter(Boolean).length === 1 ? projectors[states.indexOf(true)] : null;
    });
    const standby = projectors.find((p) => p !== leader)!;
    expect(await writing(standby)).toBe(false);

    const first = await signUps('first');
    await until('the first accounts projected', async () =>
      (await projectedUsers()).length >= first.length ? true : null,
    );

    await leader.kill();
    const second = await signUps('second');
    const all = [...first, ...second].sort();
    await until('the standby to take over', async () => ((await writing(standby)) ? true : null));
    await until('every account projected', async () =>
      (await projectedUsers()).length >= all.length ? true : null,
    );
    expect(await projectedUsers()).toEqual(all);
    expect(standby.child.exitCode).toBeNull();
  }, 150_000);
});
