import type { AccountType } from '@tangle/contracts';
import { Schema } from 'mongoose';

/** A users document as stored: the view, keyed by user id, with its last position key. */
export interface UserRecord {
  _id: string;
  name: string;
  email: string | null;
  emailNormalized: string | null;
  emailVerified: boolean;
  hasPassword: boolean;
  registeredAt: number;
  /** Absent on documents written before profiles: read as null ('individual'). */
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  accountType?: AccountType;
  referralCode?: string | null;
  /** Absent on documents written before deletions were recorded: read as null. */
  deletionDueAt?: number | null;
  deletedAt?: number | null;
  lastPosition: string;
}

export const userSchema = new Schema<UserRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    email: { type: String, default: null },
    emailNormalized: { type: String, default: null },
    emailVerified: { type: Boolean, required: true },
    hasPassword: { type: Boolean, required: true },
    registeredAt: { type: Number, required: true },
    firstName: { type: String, default: null },
    lastName: { type: String, default: null },
    phone: { type: String, default: null },
    accountType: { type: String, enum: ['individual', 'business'], default: 'individual' },
    referralCode: { type: String, default: null },
    deletionDueAt: { type: Number, default: null },
    deletedAt: { type: Number, default: null },
    lastPosition: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);

userSchema.index({ emailNormalized: 1 });
// Only the documents the erasure sweep reads: pending and deleted accounts.
userSchema.index({ deletionDueAt: 1 });
userSchema.index({ deletedAt: 1 });
