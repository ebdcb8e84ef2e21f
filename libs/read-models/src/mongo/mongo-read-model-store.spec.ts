import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  expectNoMongoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { describeReadModelStoreContract } from '../contract/read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';

describeWithMongo('MongoReadModelStore contract on MONGO_URL', (url) => {
  describeReadModelStoreContract('mongo', async () => {
    const { dbName, drop } = testDatabase('tangle_read_models_test');
    return {
      open: () => MongoReadModelStore.open(url, { dbName, serverSelectionTimeoutMS: 5_000 }),
      dispose: drop,
    };
  });
});

describe('MongoReadModelStore without a server', () => {
  it('does not connect when its module is imported', () => {
    expectNoMongoConnection();
  });

  it('fails to open on an unreachable server and leaves no connection open', async () => {
    await expectFailedOpenLeavesNoConnection((unreachable) =>
      MongoReadModelStore.open(unreachable, { serverSelectionTimeoutMS: 200 }),
    );
  });
});
