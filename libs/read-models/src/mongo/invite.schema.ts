import { Schema } from 'mongoose';
import type { InviteType, TargetPhoto, TargetType } from '@tangle/contracts';

/** An invites document as stored: the view keyed by code, with its last position key. */
export interface InviteRecord {
  _id: string;
  type: InviteType;
  targetId: string;
  creatorId: string;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  deletedAt: number | null;
  lastPosition: string;
}

export const inviteSchema = new Schema<InviteRecord>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    targetId: { type: String, required: true },
    creatorId: { type: String, required: true },
    createdAt: { type: Number, required: true },
    expiresAt: { type: Number, required: true },
    maxUses: { type: Number, required: true },
    uses: { type: Number, required: true },
    deletedAt: { type: Number, default: null },
    lastPosition: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);

inviteSchema.index({ type: 1, targetId: 1, createdAt: 1 });
inviteSchema.index({ creatorId: 1, createdAt: 1 });

/** A targets document: keyed `<type>-<id>`. */
export interface TargetRecord {
  _id: string;
  targetType: TargetType;
  targetId: string;
  name: string;
  photo: TargetPhoto | null;
  ownerId: string;
  memberIds: string[];
  deleted: boolean;
  lastPosition: string;
}

export const targetSchema = new Schema<TargetRecord>(
  {
    _id: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    name: { type: String, required: true },
    photo: { type: { fileId: String, preview: String }, default: null, _id: false },
    ownerId: { type: String, required: true },
    memberIds: { type: [String], default: [] },
    deleted: { type: Boolean, required: true },
    lastPosition: { type: String, required: true },
  },
  { versionKey: false, autoIndex: false, autoCreate: false },
);
