/**
 * Events of the `target-<type>-<id>` streams: what this service knows of a community or a group
 * that another service owns, as that service told it (its integration events, or the internal
 * targets endpoint). Invites are checked against them.
 */

export type TargetType = 'community' | 'group';

export interface TargetPhoto {
  fileId: string;
  /** The small preview image, base64. */
  preview: string;
}

/** The owning service's full picture of a target. */
export const TargetSnapshotted = 'target.snapshotted.v1';
export interface TargetSnapshottedData {
  targetType: TargetType;
  targetId: string;
  /** The owner's version of the target: facts at or below the one applied are ignored. */
  version: string;
  name: string;
  photo: TargetPhoto | null;
  ownerId: string;
  /** Members of a community, participants of a group (the owner included). */
  memberIds: string[];
  at: number;
}

export const TargetMembersChanged = 'target.members-changed.v1';
export interface TargetMembersChangedData {
  targetType: TargetType;
  targetId: string;
  version: string;
  added: string[];
  removed: string[];
  at: number;
}

export const TargetDeleted = 'target.deleted.v1';
export interface TargetDeletedData {
  targetType: TargetType;
  targetId: string;
  version: string;
  at: number;
}

export type TargetEvent =
  | { type: typeof TargetSnapshotted; data: TargetSnapshottedData }
  | { type: typeof TargetMembersChanged; data: TargetMembersChangedData }
  | { type: typeof TargetDeleted; data: TargetDeletedData };
