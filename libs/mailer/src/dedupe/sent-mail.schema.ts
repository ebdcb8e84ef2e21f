import { Schema } from 'mongoose';

export const SENT_MAIL_COLLECTION = 'sent_mails';

export interface SentMailRecord {
  eventId: string;
  /** unix ms of the latest claim. */
  claimedAt: number;
  /** unix ms, or null while claimed and not sent. */
  sentAt: number | null;
  /** MongoDB's TTL monitor deletes the entry after this date. */
  expireAt: Date;
}

export const sentMailSchema = new Schema<SentMailRecord>(
  {
    eventId: { type: String, required: true },
    claimedAt: { type: Number, required: true },
    sentAt: { type: Number, default: null },
    expireAt: { type: Date, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);
sentMailSchema.index({ eventId: 1 }, { unique: true });
// The TTL index on expireAt is created by MongoSentMailLog.open: not every server has TTL indexes.
