import { Schema } from 'mongoose';

export const DEFERRED_MAIL_COLLECTION = 'deferred_mails';

/** A mail set aside while another claim on it runs: the message as the consumer handed it over. */
export interface DeferredMailRecord {
  eventId: string;
  /** unix ms: when the claim that held it back lapses. */
  dueAt: number;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export const deferredMailSchema = new Schema<DeferredMailRecord>(
  {
    eventId: { type: String, required: true },
    dueAt: { type: Number, required: true },
    topic: { type: String, required: true },
    partition: { type: Number, required: true },
    offset: { type: String, required: true },
    key: { type: String, default: '' },
    value: { type: Buffer, required: true },
    headers: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, autoIndex: false, autoCreate: false, minimize: false },
);
deferredMailSchema.index({ eventId: 1 }, { unique: true });
deferredMailSchema.index({ dueAt: 1 });
