import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  expectNoMongoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { describeRateLimitStoreContract } from '../contract/rate-limit-store.contract';
import { MongoRateLimitStore, hitPipeline, isDuplicateKey } from './mongo-rate-limit-store';

describeWithMongo('MongoRateLimitStore contract on MONGO_URL', (url) => {
  describeRateLimitStoreContract('mongo', async () => {
    const { dbName, drop } = testDatabase('tangle_limits_test');
    return {
      open: () => MongoRateLimitStore.open(url, { dbName, serverSelectionTimeoutMS: 5_000 }),
      dispose: drop,
    };
  });
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

  it('restarts an ended window and caps the count at limit + 1 in one update', () => {
    const [stage] = hitPipeline(10, 60_000, 1_000);
    const ended = { $lte: [{ $ifNull: ['$resetAt', new Date(0)] }, new Date(1_000)] };
    expect(stage.$set.count).toEqual({
      $cond: [ended, 1, { $min: [{ $add: ['$count', 1] }, 11] }],
    });
    expect(stage.$set.resetAt).toEqual({ $cond: [ended, new Date(61_000), '$resetAt'] });
  });

  it('retries only a duplicate-key error', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey({ code: 112 })).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});
