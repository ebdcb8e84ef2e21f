import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  expectNoMongoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { describeRateLimitStoreContract } from '../contract/rate-limit-store.contract';
import { MongoRateLimitStore, isDuplicateKey } from './mongo-rate-limit-store';

describeWithMongo('MongoRateLimitStore contract on MONGO_URL', (url) => {
  describeRateLimitStoreContract(
    'mongo',
    async () => {
      const { dbName, drop } = testDatabase('tangle_limits_test');
      return {
        open: () => MongoRateLimitStore.open(url, { dbName, serverSelectionTimeoutMS: 5_000 }),
        dispose: drop,
      };
    },
    { atomicServer: Boolean(process.env.MONGO_URL) },
  );
});

describe('MongoRateLimitStore without a server', () => {
  it('does not connect when its module is imported', () => {
    expectNoMongoConnection();
  });

  it('fails to open on an unreachable server and leaves no connection open', async () => {
    await expectFailedOpenLeavesNoConnection((unreachable) =>
      MongoRateLimitStore.open(unreachable, { serverSelectionTimeoutMS: 200 }),
    );
  });

  it('retries only a duplicate-key error', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey({ code: 112 })).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});
