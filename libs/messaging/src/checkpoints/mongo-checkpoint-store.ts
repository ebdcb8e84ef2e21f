import type { CheckpointStore, GlobalPosition } from '@tangle/application';
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

export interface MongoCheckpointStoreOptions extends ConnectOptions {
  /** Default `relay_checkpoints`. */
  collection?: string;
}

/**
 * Checkpoints in MongoDB, one document per name, on a connection of its own (never mongoose's
 * global one). Writes are acknowledged by the majority, so a failover does not move one back.
 */
export class MongoCheckpointStore implements CheckpointStore {
  private constructor(
    private readonly connection: Connection,
    private readonly model: Model<CheckpointDocument>,
  ) {}

  static async open(
    url: string,
    options: MongoCheckpointStoreOptions = {},
  ): Promise<MongoCheckpointStore> {
    const { collection = 'relay_checkpoints', ...connectOptions } = options;
    const connection = mongoose.createConnection(url, { autoIndex: false, ...connectOptions });
    try {
      await connection.asPromise();
      const model = connection.model<CheckpointDocument>(
        'RelayCheckpoint',
        checkpointSchema,
        collection,
      );
      return new MongoCheckpointStore(connection, model);
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

  async close(): Promise<void> {
    await this.connection.close();
  }
}
