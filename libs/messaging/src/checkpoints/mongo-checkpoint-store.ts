import type {
  CheckpointStore,
  GlobalPosition,
  LeaseHolding,
  WriterLeases,
} from '@tangle/application';
import mongoose, { Schema, type Connection, type ConnectOptions, type Model } from 'mongoose';
import { positionFromText, positionToText } from './position-text';

interface CheckpointDocument {
  _id: string;
  position: string;
  updatedAt: Date;
}

const checkpointSchema = new Schema<CheckpointDocument>(
  {
    _id: { type: String, required: true },
    position: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);

interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: number;
}

const leaseSchema = new Schema<LeaseDocument>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Number, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);

const DUPLICATE_KEY = 11000;

export interface MongoCheckpointStoreOptions extends ConnectOptions {
  /** Default `relay_checkpoints`. */
  collection?: string;
  /** Default `writer_leases`. */
  leaseCollection?: string;
}

/**
 * Checkpoints in MongoDB, one document per name, on a connection of its own (never mongoose's
 * global one). Writes are acknowledged by the majority, so a failover does not move one back.
 * Writer leases beside them: one document per name, taken by a conditional upsert whose
 * duplicate-key failure means another holder has it.
 */
export class MongoCheckpointStore implements CheckpointStore, WriterLeases {
  private constructor(
    private readonly connection: Connection,
    private readonly model: Model<CheckpointDocument>,
    private readonly leases: Model<LeaseDocument>,
  ) {}

  static async open(
    url: string,
    options: MongoCheckpointStoreOptions = {},
  ): Promise<MongoCheckpointStore> {
    const {
      collection = 'relay_checkpoints',
      leaseCollection = 'writer_leases',
      ...connectOptions
    } = options;
    const connection = mongoose.createConnection(url, { autoIndex: false, ...connectOptions });
    try {
      await connection.asPromise();
      const model = connection.model<CheckpointDocument>(
        'RelayCheckpoint',
        checkpointSchema,
        collection,
      );
      const leases = connection.model<LeaseDocument>('WriterLease', leaseSchema, leaseCollection);
      return new MongoCheckpointStore(connection, model, leases);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  async load(name: string): Promise<GlobalPosition | null> {
    const document = await this.model.findById(name).lean().exec();
    return document === null ? null : positionFromText(document.position);
  }

  async save(name: string, position: GlobalPosition): Promise<void> {
    await this.model
      .updateOne(
        { _id: name },
        { $set: { position: positionToText(position), updatedAt: new Date() } },
        { upsert: true, writeConcern: { w: 'majority' } },
      )
      .exec();
  }

  async claimLease(
    name: string,
    holder: string,
    ttlMs: number,
    now = Date.now(),
  ): Promise<LeaseHolding> {
    try {
      await this.leases
        .updateOne(
          { _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
          { $set: { holder, expiresAt: now + ttlMs } },
          { upsert: true, writeConcern: { w: 'majority' } },
        )
        .exec();
      return { holder, expiresAt: now + ttlMs };
    } catch (error) {
      // The filter missed a live lease of another holder, so the upsert tried to insert its _id.
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      const current = await this.leases.findById(name).lean().exec();
      if (current === null) return this.claimLease(name, holder, ttlMs, now);
      return { holder: current.holder, expiresAt: current.expiresAt };
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.leases.deleteOne({ _id: name, holder }, { writeConcern: { w: 'majority' } }).exec();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
