import { guardedUpsertOps, isDuplicateKeyOnly } from './guarded-upserts';

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
});
