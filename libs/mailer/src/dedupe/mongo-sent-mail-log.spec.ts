import mongoose from 'mongoose';
import {
  describeWithMongo,
  expectFailedOpenLeavesNoConnection,
  testDatabase,
} from '@tangle/testing/mongo-test-database';
import { MongoSentMailLog } from './mongo-sent-mail-log';
import { describeSentMailLogContract } from './sent-mail-log.contract';
import { SENT_MAIL_COLLECTION } from './sent-mail.schema';

describeWithMongo('MongoSentMailLog contract on a MongoDB server', (url) => {
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

  it('forgets a sent mail after its retention: by a TTL index, or where the server has none, itself', async () => {
    const { dbName, drop } = testDatabase('tangle_mailer_test');
    let now = Date.UTC(2026, 0, 1);
    const log = await MongoSentMailLog.open(url, {
      retentionMs: 60_000,
      now: () => now,
      connect: { dbName, serverSelectionTimeoutMS: 5_000 },
    });
    const inspect = await mongoose.createConnection(url, { dbName }).asPromise();
    try {
      await log.claim('e1');
      await log.markSent('e1');
      const indexes = await inspect.collection(SENT_MAIL_COLLECTION).indexes();
      const expiry = indexes.find((index) => index.key.expireAt === 1);
      expect(expiry).toBeDefined();

      if (expiry?.expireAfterSeconds !== undefined) {
        // MongoDB: its TTL monitor deletes expired entries, once a minute; not waited for here.
        expect(expiry.expireAfterSeconds).toBe(0);
      } else {
        // FerretDB 1.x has no TTL indexes (createIndex answers NotImplemented): the log deletes
        // expired entries itself, at most once an hour, when it is asked for a claim.
        now += 60 * 60 * 1000;
        expect(await log.claim('e1')).toBe('new');
      }
    } finally {
      await inspect.close();
      await log.close();
      await drop();
    }
  });
});

describe('MongoSentMailLog without a server', () => {
  it('fails to open on an unreachable server and leaves no connection open', async () => {
    await expectFailedOpenLeavesNoConnection((unreachable) =>
      MongoSentMailLog.open(unreachable, { connect: { serverSelectionTimeoutMS: 200 } }),
    );
  });
});
