import type { SigningKeyStore, StoredSigningKey } from '@tangle/application';
import mongoose, { type Connection, type ConnectOptions, type mongo } from 'mongoose';

export const SIGNING_KEYS_COLLECTION = 'signing_keys';

/** One key; `_id` is its kid, so the unique `_id` index decides which of two inserts wins. */
export interface SigningKeyDocument {
  _id: string;
  signFrom: number;
  signUntil: number;
  sealed: string;
  hasPrivate: boolean;
  revokedAt: number | null;
}

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/** Signing keys in MongoDB, on a connection of their own (never mongoose's global one). */
export class MongoSigningKeyStore implements SigningKeyStore {
  private constructor(
    private readonly connection: Connection,
    private readonly keys: mongo.Collection<SigningKeyDocument>,
  ) {}

  /** Connects to `url` (its database, or `options.dbName`). */
  static async open(url: string, options: ConnectOptions = {}): Promise<MongoSigningKeyStore> {
    const connection = mongoose.createConnection(url, {
      autoIndex: false,
      autoCreate: false,
      ...options,
    });
    try {
      await connection.asPromise();
      const db = connection.db;
      if (db === undefined) throw new Error('The MongoDB connection is not open');
      return new MongoSigningKeyStore(
        connection,
        db.collection<SigningKeyDocument>(SIGNING_KEYS_COLLECTION),
      );
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async list(): Promise<StoredSigningKey[]> {
    const documents = await this.keys.find({}).sort({ signFrom: 1, _id: 1 }).toArray();
    return documents.map(fromDocument);
  }

  /** insertOne on the kid; a duplicate-key error means another instance stored it first. */
  async insertIfAbsent(key: StoredSigningKey): Promise<StoredSigningKey> {
    const { kid, ...fields } = key;
    try {
      await this.keys.insertOne({ _id: kid, ...fields });
      return { ...key };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const stored = await this.keys.findOne({ _id: kid });
    if (stored === null) throw new Error(`signing key ${kid}: duplicate on insert, then not found`);
    return fromDocument(stored);
  }

  async dropPrivate(kid: string, sealedPublic: string): Promise<void> {
    await this.keys.updateOne(
      { _id: kid, hasPrivate: true, revokedAt: null },
      { $set: { sealed: sealedPublic, hasPrivate: false } },
    );
  }

  async revoke(kid: string, at: number): Promise<boolean> {
    const { matchedCount } = await this.keys.updateOne(
      { _id: kid, revokedAt: null },
      { $set: { sealed: '', hasPrivate: false, revokedAt: at } },
    );
    return matchedCount > 0 || (await this.keys.countDocuments({ _id: kid })) > 0;
  }

  async remove(kid: string): Promise<void> {
    await this.keys.deleteOne({ _id: kid });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

function fromDocument(document: SigningKeyDocument): StoredSigningKey {
  return {
    kid: document._id,
    signFrom: document.signFrom,
    signUntil: document.signUntil,
    sealed: document.sealed,
    hasPrivate: document.hasPrivate,
    revokedAt: document.revokedAt ?? null,
  };
}
