import type { DataKeyStore, StoredDataKey } from '@tangle/application';
import mongoose, { type Connection, type ConnectOptions, type mongo } from 'mongoose';

export const DATA_KEYS_COLLECTION = 'data_keys';

interface DataKeyDocument {
  _id: string;
  wrappedKey?: mongo.Binary;
  createdAt: Date;
  destroyedAt?: Date;
}

/**
 * Data keys in MongoDB, on a connection of their own: one document per account; a destroyed
 * key's document keeps only its id and when it was destroyed.
 */
export class MongoDataKeyStore implements DataKeyStore {
  private constructor(
    private readonly connection: Connection,
    private readonly keys: mongo.Collection<DataKeyDocument>,
  ) {}

  static async open(url: string, options: ConnectOptions = {}): Promise<MongoDataKeyStore> {
    const connection = mongoose.createConnection(url, {
      autoIndex: false,
      autoCreate: false,
      ...options,
    });
    try {
      await connection.asPromise();
      const db = connection.db;
      if (db === undefined) throw new Error('The MongoDB connection is not open');
      return new MongoDataKeyStore(
        connection,
        db.collection<DataKeyDocument>(DATA_KEYS_COLLECTION),
      );
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async find(userId: string): Promise<StoredDataKey | null> {
    return stored(await this.keys.findOne({ _id: userId }));
  }

  async create(userId: string, wrapped: Uint8Array, at: number): Promise<StoredDataKey> {
    try {
      await this.keys.updateOne(
        { _id: userId },
        {
          $setOnInsert: {
            wrappedKey: new mongoose.mongo.Binary(Buffer.from(wrapped)),
            createdAt: new Date(at),
          },
        },
        { upsert: true },
      );
    } catch (error) {
      // Two upserts racing on a new id: one inserts, the other may fail on the key. Both read it.
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
    const found = stored(await this.keys.findOne({ _id: userId }));
    if (found === null) throw new Error(`data key of ${userId} was not stored`);
    return found;
  }

  async destroy(userId: string, at: number): Promise<void> {
    const existing = await this.keys.findOne({ _id: userId });
    if (existing?.destroyedAt !== undefined && existing.wrappedKey === undefined) return;
    try {
      await this.keys.updateOne(
        { _id: userId },
        {
          $set: { destroyedAt: existing?.destroyedAt ?? new Date(at) },
          $unset: { wrappedKey: '' },
          $setOnInsert: { createdAt: new Date(at) },
        },
        { upsert: true },
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
      await this.destroy(userId, at);
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

function stored(document: DataKeyDocument | null): StoredDataKey | null {
  if (document === null) return null;
  if (document.destroyedAt !== undefined || document.wrappedKey === undefined) return 'destroyed';
  return new Uint8Array(document.wrappedKey.buffer);
}
