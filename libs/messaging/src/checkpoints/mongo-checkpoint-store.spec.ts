import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  expectNoMongoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { describeCheckpointStoreContract } from './checkpoint-store.contract';
import { MongoCheckpointStore } from './mongo-checkpoint-store';

describeWithMongo('MongoCheckpointStore contract on a MongoDB server', (url) => {
  describeCheckpointStoreContract('mongo', async () => {
    const { dbName, drop } = testDatabase('tangle_checkpoints_test');
    return {
      open: () => MongoCheckpointStore.open(url, { dbName, serverSelectionTimeoutMS: 5_000 }),
      dispose: drop,
    };
  });
});

describe('MongoCheckpointStore without a server', () => {
  it('does not connect when its module is imported', () => {
    expectNoMongoConnection();
  });

  it('fails to open on an unreachable server and leaves no connection open', async () => {
    await expectFailedOpenLeavesNoConnection((unreachable) =>
      MongoCheckpointStore.open(unreachable, { serverSelectionTimeoutMS: 200 }),
    );
  });
});
