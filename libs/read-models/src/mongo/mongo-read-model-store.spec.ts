import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  expectNoMongoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { describeReadModelStoreContract } from '../contract/read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';

// On MongoDB a rebuild's commit renames each collection over the live one (dropTarget). FerretDB
// 1.x, which the default run uses, has no dropTarget: there the commit takes the adapter's other
// path, dropping the live collection and then renaming, which the rebuild tests check.
describeWithMongo('MongoReadModelStore contract on a MongoDB server', (url) => {
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
