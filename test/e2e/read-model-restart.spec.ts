import mongoose from 'mongoose';
import { removeDir, startApp, tempDataDir, type AppProcess } from '../support/app-process';
import { startFerretDb, type FerretDbServer } from '../support/ferretdb-server';
import { describeWithMongo } from '../support/mongo-test-database';
import { OsmiumClient } from '../support/osmium-client';

const ACCOUNTS_PER_PHASE = 8;

/**
 * apps/projector writing the read models into a Mongo-wire server of its own (FerretDB) that is
 * stopped and started again while the service keeps writing events: afterwards every account
 * and session is in the read models, once, and the projector never stopped.
 * It runs where the run's FerretDB does (its binary is then in the cache), and skips with it.
 */
describeWithMongo('the Mongo-wire server restarted under the projector', () => {
  const serverDir = tempDataDir('tangle-ferret-');
  const dataDir = tempDataDir('tangle-ferret-app-');
  let ferret: FerretDbServer;
  let app: AppProcess;
  let projector: AppProcess;
  let connection: mongoose.Connection | undefined;
  const clients: OsmiumClient[] = [];

  beforeAll(async () => {
    ferret = await startFerretDb(serverDir);
    // The service writes the log (embedded, its own read models in SQLite); the projector
    // follows the same file into the Mongo-wire server.
    app = await startApp({ dataDir });
    projector = await startApp({
      main: 'apps/projector/src/main.ts',
      dataDir,
      env: { MONGO_URL: `${ferret.url}/read_models` },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await connection?.close();
    const exits = [await projector?.stop(), await app?.stop()];
    await ferret?.stop();
    removeDir(dataDir);
    removeDir(serverDir);
    expect(exits).toEqual([0, 0]);
  }, 60_000);

  async function signUps(phase: string): Promise<{ userId: string; sessionId: string }[]> {
    const client = await OsmiumClient.connect(app.url);
    clients.push(client);
    await client.initialize();
    const accounts = [];
    for (let i = 0; i < ACCOUNTS_PER_PHASE; i += 1) {
      const email = `ferret.${phase}.${i}.${Date.now()}@example.com`;
      const { userId, sessionId } = await client.signUp({ name: `Ferret ${i}`, email });
      accounts.push({ userId, sessionId });
    }
    return accounts;
  }

  it('projects every account and session once across the restart', async () => {
    const before = await signUps('before');
    await ferret.stop();
    const during = await signUps('during');
    await ferret.restart();
    const after = await signUps('after');
    const accounts = [...before, ...during, ...after];

    connection = await mongoose.createConnection(ferret.url, { dbName: 'read_models' }).asPromise();
    const ids = async (collection: string) =>
      (await connection!.db!.collection<{ _id: string }>(collection).find({}).toArray())
        .map((doc) => doc._id)
        .sort();
    const sessionIds = accounts.map((a) => a.sessionId).sort();
    const deadline = Date.now() + 60_000;
    while ((await ids('sessions')).length < sessionIds.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await ids('sessions')).toEqual(sessionIds);
    expect(await ids('users')).toEqual(accounts.map((a) => a.userId).sort());
    expect(projector.child.exitCode).toBeNull();
  }, 180_000);
});
