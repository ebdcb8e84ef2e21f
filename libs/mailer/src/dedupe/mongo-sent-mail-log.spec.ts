import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { MongoSentMailLog } from './mongo-sent-mail-log';
import { describeSentMailLogContract } from './sent-mail-log.contract';

describeWithMongo('MongoSentMailLog contract on MONGO_URL', (url) => {
  describeSentMailLogContract('mongo', async () => {
    const { dbName, drop } = testDatabase('tangle_mailer_test');
    return {
      open: (options) =>
        MongoSentMailLog.open(url, {
          ...options,
          connect: { dbName, serverSelectionTimeoutMS: 5_000 },
        }),
      dispose: drop,
    };
  });
});

describe('MongoSentMailLog without a server', () => {
  it('fails to open on an unreachable server and leaves no connection open', async () => {
    await expectFailedOpenLeavesNoConnection((unreachable) =>
      MongoSentMailLog.open(unreachable, { connect: { serverSelectionTimeoutMS: 200 } }),
    );
  });
});
