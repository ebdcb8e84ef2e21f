import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { describeDataKeyStoreContract } from '../data-key-store.contract';
import { MongoDataKeyStore } from './mongo-data-key-store';

describeWithMongo('MongoDataKeyStore contract on MONGO_URL', (url) => {
  describeDataKeyStoreContract('mongo', async () => {
    const { dbName, drop } = testDatabase('tangle_data_keys_test');
    return {
      open: () => MongoDataKeyStore.open(url, { dbName, serverSelectionTimeoutMS: 5_000 }),
      dispose: drop,
    };
  });
});

describe('MongoDataKeyStore without a server', () => {
  it('fails to open on an unreachable server and leaves no connection open', async () => {
    await expectFailedOpenLeavesNoConnection((unreachable) =>
      MongoDataKeyStore.open(unreachable, { serverSelectionTimeoutMS: 200 }),
    );
  });
});
