import { Schema } from 'mongoose';

/** The id of the checkpoint document that the read models use. */
export const CHECKPOINT_ID = 'read-models';

export interface CheckpointRecord {
  _id: string;
  /** encodePosition of the last event applied. */
  position: string;
}

export const checkpointSchema = new Schema<CheckpointRecord>(
  {
    _id: { type: String, required: true },
    position: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);
