import type { InviteView, TargetView } from '@tangle/application';
import { decodePosition, encodePosition } from '../position-key';
import type { InviteDocument } from '../projections/invites.projection';
import { targetKey, type TargetDocument } from '../projections/targets.projection';
import type { InviteRecord, TargetRecord } from './invite.schema';

export function inviteDocument(record: InviteRecord): InviteDocument {
  return { ...inviteView(record), lastPosition: decodePosition(record.lastPosition) };
}

export function targetDocument(record: TargetRecord): TargetDocument {
  return { ...targetView(record), lastPosition: decodePosition(record.lastPosition) };
}

export function inviteRecord({ code, lastPosition, ...rest }: InviteDocument): InviteRecord {
  return { _id: code, ...rest, lastPosition: encodePosition(lastPosition) };
}

export function targetRecord({ lastPosition, ...rest }: TargetDocument): TargetRecord {
  return {
    _id: targetKey(rest.targetType, rest.targetId),
    ...rest,
    lastPosition: encodePosition(lastPosition),
  };
}

export function inviteView(record: InviteRecord): InviteView {
  return {
    code: record._id,
    type: record.type,
    targetId: record.targetId,
    creatorId: record.creatorId,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    maxUses: record.maxUses,
    uses: record.uses,
    deletedAt: record.deletedAt ?? null,
  };
}

export function targetView(record: TargetRecord): TargetView {
  return {
    targetType: record.targetType,
    targetId: record.targetId,
    name: record.name,
    photo: record.photo?.fileId
      ? { fileId: record.photo.fileId, preview: record.photo.preview }
      : null,
    ownerId: record.ownerId,
    memberIds: [...(record.memberIds ?? [])],
    deleted: record.deleted,
  };
}
