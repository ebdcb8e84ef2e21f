import { Schema } from 'mongoose';

/** A sessions document as stored: the view, keyed by session id, with its last position key. */
export interface SessionRecord {
  _id: string;
  userId: string;
  clientId: number;
  deviceType: string;
  deviceVersion: string;
  appName: string;
  appVersion: string;
  method: string;
  startedAt: number;
  lastActive: number;
  country: string | null;
  region: string | null;
  revokedAt: number | null;
  /** encodePosition of the last event applied: string order is position order. */
  lastPosition: string;
}

export const sessionSchema = new Schema<SessionRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    clientId: { type: Number, required: true },
    deviceType: { type: String, required: true },
    deviceVersion: { type: String, required: true },
    appName: { type: String, required: true },
    appVersion: { type: String, required: true },
    method: { type: String, required: true },
    startedAt: { type: Number, required: true },
    lastActive: { type: Number, required: true },
    country: { type: String, default: null },
    region: { type: String, default: null },
    revokedAt: { type: Number, default: null },
    lastPosition: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);

sessionSchema.index({ userId: 1, startedAt: 1 });
