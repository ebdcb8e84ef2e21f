import {
  InviteCreated,
  InviteDeleted,
  InviteUsed,
  Streams,
  TargetDeleted,
  TargetMembersChanged,
  TargetSnapshotted,
  type InviteCreatedData,
  type InviteDeletedData,
  type InviteUsedData,
  type TargetDeletedData,
  type TargetMembersChangedData,
  type TargetSnapshottedData,
  type TargetType,
} from '@tangle/contracts';
import { T0, type FixtureEvent } from './recorded-event.fixtures';

export function inviteCreated(
  code: string,
  overrides: Partial<InviteCreatedData> = {},
): FixtureEvent<InviteCreatedData> {
  return {
    streamId: Streams.invite(code),
    type: InviteCreated,
    data: {
      code,
      type: 'community',
      targetId: '500',
      creatorId: 'u1',
      createdAt: T0,
      expiresAt: T0 + 3_600_000,
      maxUses: 5,
      ...overrides,
    },
  };
}

export function inviteUsed(
  code: string,
  userId: string,
  useCount: number,
): FixtureEvent<InviteUsedData> {
  return {
    streamId: Streams.invite(code),
    type: InviteUsed,
    data: {
      code,
      type: 'community',
      targetId: '500',
      creatorId: 'u1',
      userId,
      useCount,
      at: T0 + useCount,
    },
  };
}

export function inviteDeleted(code: string, at: number): FixtureEvent<InviteDeletedData> {
  return {
    streamId: Streams.invite(code),
    type: InviteDeleted,
    data: { code, type: 'community', targetId: '500', creatorId: 'u1', deletedBy: 'u1', at },
  };
}

export function targetSnapshotted(
  targetType: TargetType,
  targetId: string,
  overrides: Partial<TargetSnapshottedData> = {},
): FixtureEvent<TargetSnapshottedData> {
  return {
    streamId: Streams.target(targetType, targetId),
    type: TargetSnapshotted,
    data: {
      targetType,
      targetId,
      version: '1',
      name: `${targetType} ${targetId}`,
      photo: null,
      ownerId: 'o1',
      memberIds: ['o1', 'u1'],
      at: T0,
      ...overrides,
    },
  };
}

export function targetMembersChanged(
  targetType: TargetType,
  targetId: string,
  added: string[],
  removed: string[],
): FixtureEvent<TargetMembersChangedData> {
  return {
    streamId: Streams.target(targetType, targetId),
    type: TargetMembersChanged,
    data: { targetType, targetId, version: '2', added, removed, at: T0 },
  };
}

export function targetDeleted(
  targetType: TargetType,
  targetId: string,
): FixtureEvent<TargetDeletedData> {
  return {
    streamId: Streams.target(targetType, targetId),
    type: TargetDeleted,
    data: { targetType, targetId, version: '3', at: T0 },
  };
}
