import { Schema } from 'mongoose';

/** A security-history entry as stored: keyed by its event's id, with that event's position key. */
export interface SecurityHistoryRecord {
  _id: string;
  userId: string;
  kind: string;
  at: number;
  sessionId: string | null;
  device: string | null;
  country: string | null;
  region: string | null;
  detail: string | null;
  /** encodePosition of the event: the history's order and its page cursor. */
  lastPosition: string;
}

export const securityHistorySchema = new Schema<SecurityHistoryRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    kind: { type: String, required: true },
    at: { type: Number, required: true },
    sessionId: { type: String, default: null },
    device: { type: String, default: null },
    country: { type: String, default: null },
    region: { type: String, default: null },
    detail: { type: String, default: null },
    lastPosition: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);

securityHistorySchema.index({ userId: 1, lastPosition: -1 });
