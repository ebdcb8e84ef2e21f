/** Events of the `invite-<code>` stream: one invite to a community, a group or a friendship. */

/** What an invite leads to: membership of a community or a group, or a friendship with a user. */
export type InviteType = 'community' | 'group' | 'user';

export const InviteCreated = 'invite.created.v1';
export interface InviteCreatedData {
  code: string;
  type: InviteType;
  /** The community, group or user (snowflake) the invite leads to. */
  targetId: string;
  creatorId: string;
  createdAt: number;
  /** Unix ms; the invite is usable while the server clock is before it. */
  expiresAt: number;
  /** The most uses counted. */
  maxUses: number;
}

export const InviteUsed = 'invite.used.v1';
export interface InviteUsedData {
  code: string;
  type: InviteType;
  targetId: string;
  creatorId: string;
  /** The new member (or friend). */
  userId: string;
  /** Uses counted with this one (1 for the first). */
  useCount: number;
  at: number;
}

export const InviteDeleted = 'invite.deleted.v1';
export interface InviteDeletedData {
  code: string;
  type: InviteType;
  targetId: string;
  creatorId: string;
  deletedBy: string;
  at: number;
}

export type InviteEvent =
  | { type: typeof InviteCreated; data: InviteCreatedData }
  | { type: typeof InviteUsed; data: InviteUsedData }
  | { type: typeof InviteDeleted; data: InviteDeletedData };
