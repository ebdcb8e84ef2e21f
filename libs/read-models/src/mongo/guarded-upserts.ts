import type { Model } from 'mongoose';

const DUPLICATE_KEY = 11000;

export interface GuardedUpsert {
  updateOne: {
    filter: Record<string, unknown>;
    update: { $set: Record<string, unknown> };
    upsert: true;
  };
}

/**
 * Upserts whose filter only matches a stored document older than the new one (position keys
 * compare as strings). When the stored one is as new or newer the filter misses and the upsert's
 * insert hits the unique _id: that duplicate-key error means "already applied".
 */
export function guardedUpsertOps<T extends { _id: string }>(
  records: readonly T[],
  positionField: keyof T & string,
): GuardedUpsert[] {
  return records.map(({ _id, ...fields }) => {
    const set = fields as Record<string, unknown>;
    return {
      updateOne: {
        filter: { _id, [positionField]: { $lt: set[positionField] } },
        update: { $set: set },
        upsert: true,
      },
    };
  });
}

/** True when a bulk write failed only on duplicate keys, i.e. on documents already newer. */
export function isDuplicateKeyOnly(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { writeErrors, writeConcernError } = error as {
    writeErrors?: { code?: unknown } | { code?: unknown }[];
    writeConcernError?: unknown;
  };
  if (writeErrors === undefined || writeConcernError != null) return false;
  // The driver reports write errors first: a write-concern failure in the same batch is only
  // on the result (MongoBulkWriteError.result), and the writes it names may not be durable.
  const { result } = error as { result?: { getWriteConcernError?: () => unknown } };
  if (result?.getWriteConcernError?.() != null) return false;
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  return list.length > 0 && list.every((each) => each.code === DUPLICATE_KEY);
}

/**
 * Writes records through guarded upserts. A record mongoose cannot cast fails the write (with
 * ordered: false mongoose would otherwise leave it out and report success), and so does any
 * write-concern failure: the caller's checkpoint must not pass records that were not written.
 */
export async function guardedUpserts<T extends { _id: string }>(
  model: Model<T>,
  records: T[],
  positionField: keyof T & string,
): Promise<void> {
  if (records.length === 0) return;
  const ops = guardedUpsertOps(records, positionField);
  try {
    await model.bulkWrite(ops as unknown as Parameters<Model<T>['bulkWrite']>[0], {
      ordered: false,
      throwOnValidationError: true,
    });
  } catch (error) {
    if (!isDuplicateKeyOnly(error)) throw error;
  }
}
