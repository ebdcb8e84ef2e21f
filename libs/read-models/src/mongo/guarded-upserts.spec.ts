import { describeWithMongo, testDatabase } from '@tangle/testing/mongo-test-database';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { guardedUpserts, guardedUpsertOps, isDuplicateKeyOnly } from './guarded-upserts';

interface DriverBulkClasses {
  BulkWriteResult: new (result: object, ordered: boolean) => object;
  MongoBulkWriteError: new (error: object, result: object) => Error;
  WriteConcernError: new (error: { code: number; errmsg: string }) => object;
  WriteError: new (error: { code: number; errmsg: string; index: number }) => object;
}

/** The driver's own bulk-write classes (not on its entry point), so errors have their real shape. */
function driverBulkClasses(): DriverBulkClasses {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('mongodb/lib/bulk/common') as DriverBulkClasses;
}
const { BulkWriteResult, MongoBulkWriteError, WriteConcernError, WriteError } = driverBulkClasses();

describe('guarded upserts', () => {
  it('matches only an older stored version and sets every field but the id', () => {
    const ops = guardedUpsertOps(
      [{ _id: 's1', lastActive: 5, lastPosition: 'k2' }],
      'lastPosition',
    );

    expect(ops).toEqual([
      {
        updateOne: {
          filter: { _id: 's1', lastPosition: { $lt: 'k2' } },
          update: { $set: { lastActive: 5, lastPosition: 'k2' } },
          upsert: true,
        },
      },
    ]);
  });

  it('treats only duplicate-key write errors as "already applied"', () => {
    expect(isDuplicateKeyOnly({ writeErrors: [{ code: 11000 }, { code: 11000 }] })).toBe(true);
    expect(isDuplicateKeyOnly({ writeErrors: { code: 11000 } })).toBe(true);
    expect(isDuplicateKeyOnly({ writeErrors: [{ code: 11000 }, { code: 121 }] })).toBe(false);
    expect(isDuplicateKeyOnly({ writeErrors: [] })).toBe(false);
    expect(isDuplicateKeyOnly({ writeErrors: [{ code: 11000 }], writeConcernError: {} })).toBe(
      false,
    );
    expect(isDuplicateKeyOnly(new Error('network'))).toBe(false);
    expect(isDuplicateKeyOnly(undefined)).toBe(false);
  });

  it('is not "already applied" when the same batch also failed its write concern', () => {
    expect(isDuplicateKeyOnly(driverError({ writeConcernFailed: false }))).toBe(true);
    expect(isDuplicateKeyOnly(driverError({ writeConcernFailed: true }))).toBe(false);
  });
});

/**
 * A duplicate-key batch failure as the driver throws it: the write errors on the error, a
 * write-concern error of the same batch only on its result.
 */
function driverError({ writeConcernFailed }: { writeConcernFailed: boolean }) {
  const writeErrors = [new WriteError({ code: 11000, errmsg: 'E11000 duplicate key', index: 0 })];
  const writeConcernErrors = writeConcernFailed
    ? [new WriteConcernError({ code: 64, errmsg: 'waiting for replication timed out' })]
    : [];
  const result = new BulkWriteResult(
    {
      ok: 1,
      writeErrors,
      writeConcernErrors,
      insertedIds: [],
      nInserted: 0,
      nUpserted: 0,
      nMatched: 0,
      nModified: 0,
      nRemoved: 0,
      upserted: [],
    },
    false,
  );
  return new MongoBulkWriteError(
    { message: 'E11000 duplicate key', code: 11000, writeErrors },
    result,
  );
}

describeWithMongo('guarded upserts on a MongoDB server', (url) => {
  interface Row {
    _id: string;
    lastPosition: string;
    count: number;
  }
  const database = testDatabase('guarded');
  let connection: Connection;
  let rows: Model<Row>;

  beforeAll(async () => {
    connection = await mongoose.createConnection(url, { dbName: database.dbName }).asPromise();
    rows = connection.model<Row>(
      'rows',
      new Schema<Row>({ _id: String, lastPosition: String, count: Number }),
      'rows',
    );
  });

  afterAll(async () => {
    await connection.close();
    await database.drop();
  });

  it('fails the batch on a record that cannot be cast, not only that record', async () => {
    const bad = { _id: 'b', lastPosition: '0002', count: 'many' as unknown as number };
    await expect(
      guardedUpserts(rows, [{ _id: 'a', lastPosition: '0001', count: 1 }, bad], 'lastPosition'),
    ).rejects.toThrow(/count/);
  });

  it('applies a newer version, and takes an older one as already applied', async () => {
    await guardedUpserts(rows, [{ _id: 'c', lastPosition: '0005', count: 5 }], 'lastPosition');
    await guardedUpserts(rows, [{ _id: 'c', lastPosition: '0003', count: 3 }], 'lastPosition');
    expect(await rows.findById('c').lean()).toMatchObject({ count: 5 });
    await guardedUpserts(rows, [{ _id: 'c', lastPosition: '0007', count: 7 }], 'lastPosition');
    expect(await rows.findById('c').lean()).toMatchObject({ count: 7 });
  });
});
