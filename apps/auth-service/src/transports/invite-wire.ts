import { AuthError, type InviteType } from '@tangle/contracts';
import type { InvitePreviewView, InviteUser } from '@tangle/application';
import {
  auth,
  longFromDecimal,
  longFromNumber,
  longToDecimal,
  type refs,
  type types,
} from '@tangle/protocol';

/** What a ChatRef names for invites: the invite type and its target. */
export interface InviteTargetRef {
  type: InviteType;
  targetId: string;
}

const SNOWFLAKE = /^[1-9][0-9]{0,19}$/;

/**
 * A `ChatRef` as an invite target: `user` and `self` make a USER (friend) invite, `channel` a
 * COMMUNITY invite for its community, `group` a GROUP invite.
 */
export function inviteTargetOf(
  ref: refs.IChatRef | null | undefined,
  callerId: string,
): InviteTargetRef {
  const id = (value: unknown, field: string): string => {
    const text = value === null || value === undefined ? '' : longToDecimal(value as never);
    if (!SNOWFLAKE.test(text))
      throw new AuthError('INVALID_ARGUMENT', `${field} must be a snowflake`);
    return text;
  };
  if (ref?.self) return { type: 'user', targetId: callerId };
  if (ref?.user) return { type: 'user', targetId: id(ref.user.userId, 'chat_ref.user.user_id') };
  if (ref?.channel) {
    return {
      type: 'community',
      targetId: id(ref.channel.communityId, 'chat_ref.channel.community_id'),
    };
  }
  if (ref?.group)
    return { type: 'group', targetId: id(ref.group.groupId, 'chat_ref.group.group_id') };
  throw new AuthError('INVALID_ARGUMENT', 'chat_ref is required');
}

/** `expires_at` (unix seconds) as unix ms, or null when absent. */
export function expiryOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const seconds = Number(longToDecimal(value as never));
  // Beyond any allowed lifetime anyway; kept exact so the refusal says "within".
  return Math.min(seconds, Number.MAX_SAFE_INTEGER / 1000) * 1000;
}

const TYPES: Record<InviteType, auth.InviteType> = {
  community: auth.InviteType.COMMUNITY,
  group: auth.InviteType.GROUP,
  user: auth.InviteType.USER,
};

function wireUser(user: InviteUser): types.IUser {
  return { id: longFromDecimal(user.userId), name: user.name, bot: false };
}

/** An invite preview as `auth.InvitePreview`, for `viewerId` (null: signed out). */
export function toWirePreview(
  view: InvitePreviewView,
  viewerId: string | null,
): auth.IInvitePreview {
  const { invite, creator, targetInfo } = view;
  const preview: auth.IInvitePreview = {
    code: invite.code,
    creatorId: longFromDecimal(invite.creatorId),
    targetId: longFromDecimal(invite.targetId),
    targetType: TYPES[invite.type],
    expiresAt: longFromNumber(Math.floor(invite.expiresAt / 1000)),
  };
  if (creator) preview.creator = wireUser(creator);
  if (targetInfo.kind === 'user') {
    preview.user = wireUser(targetInfo.user);
  } else {
    const { target } = targetInfo;
    const photo = target.photo
      ? {
          fileId: longFromDecimal(target.photo.fileId),
          preview: Buffer.from(target.photo.preview, 'base64'),
        }
      : null;
    if (targetInfo.kind === 'community') {
      preview.community = {
        id: longFromDecimal(target.targetId),
        owner: viewerId !== null && viewerId === target.ownerId,
        name: target.name,
        photo,
        permissions: longFromNumber(0),
        notifPrefs: 3,
      };
    } else {
      preview.chat = {
        id: longFromDecimal(target.targetId),
        name: target.name,
        owner: viewerId !== null && viewerId === target.ownerId,
        participantIds: target.memberIds.map(longFromDecimal),
        photo,
      };
    }
  }
  return preview;
}
