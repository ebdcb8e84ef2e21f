import mongoose from 'mongoose';
import { describeCheckpointStoreContract } from './checkpoint-store.contract';
import { MongoCheckpointStore } from './mongo-checkpoint-store';

const url = process.env.MONGO_URL;

// The contract suite needs a MongoDB server; without MONGO_URL it is skipped rather than failed,
// so the default run works on a machine with no database (the SQLite suite covers the contract).
const run = url ? describe : describe.skip;
if (!url) {
  console.warn(
    'MongoDB checkpoint contract suite skipped: set MONGO_URL=mongodb://localhost:27017 to run it',
  );
}

const runId = `${process.pid}_${Date.now().toString(36)}`;
let tests = 0;

run('MongoCheckpointStore on MONGO_URL', () => {
  describeCheckpointStoreContract('mongo', async () => {
    tests += 1;
    const dbName = `tangle_checkpoints_test_${runId}_${tests}`;
    return {
      open: () => MongoCheckpointStore.open(url!, { dbName, serverSelectionTimeoutMS: 5_000 }),
      dispose: async () => {
        const connection = await mongoose.createConnection(url!, { dbName }).asPromise();
        try {
          await connection.dropDatabase();
        } finally {
          await connection.close();
        }
      },
    };
  });
});

describe('MongoCheckpointStore without a server', () => {
  it('does not connect when its module is imported', () => {
    expect(mongoose.connections.every((connection) => connection.readyState === 0)).toBe(true);
  });

  it('fails to open on an unreachable server and leaves no connection open', async () => {
    const before = mongoose.connections.length;

    await expect(
      MongoCheckpointStore.open('mongodb://127.0.0.1:9', { serverSelectionTimeoutMS: 200 }),
    ).rejects.toThrow();

    const opened = mongoose.connections.slice(before);
    expect(opened).toHaveLength(1);
    expect(opened.every((connection) => connection.readyState === 0)).toBe(true);
  });
});
