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
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  return list.length > 0 && list.every((each) => each.code === DUPLICATE_KEY);
}
