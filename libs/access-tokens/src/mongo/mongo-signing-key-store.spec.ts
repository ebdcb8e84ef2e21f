import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  expectNoMongoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { describeSigningKeyStoreContract } from '../contract/signing-key-store.contract';
import { MongoSigningKeyStore, isDuplicateKey } from './mongo-signing-key-store';

describeWithMongo('MongoSigningKeyStore contract on MONGO_URL', (url) => {
  describeSigningKeyStoreContract('mongo', async () => {
    const { dbName, drop } = testDatabase('tangle_signing_keys_test');
    return {
      open: () => MongoSigningKeyStore.open(url, { dbName, serverSelectionTimeoutMS: 5_000 }),
      dispose: drop,
    };
  });
});

describe('MongoSigningKeyStore without a server', () => {
  it('does not connect when its module is imported', () => {
    expectNoMongoConnection();
  });

  it('fails to open on an unreachable server and leaves no connection open', async () => {
    await expectFailedOpenLeavesNoConnection((unreachable) =>
      MongoSigningKeyStore.open(unreachable, { serverSelectionTimeoutMS: 200 }),
    );
  });

  it('reads only a duplicate-key error as "stored first by another instance"', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey({ code: 112 })).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});
