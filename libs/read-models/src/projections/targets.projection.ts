import type { RecordedEvent, TargetView } from '@tangle/application';
import {
  TargetDeleted,
  TargetMembersChanged,
  TargetSnapshotted,
  type TargetMembersChangedData,
  type TargetSnapshottedData,
} from '@tangle/contracts';
import { alreadyApplied, type Positioned, type Projection } from './projection';

export interface TargetDocument extends TargetView, Positioned {}

const TARGET_EVENTS: ReadonlySet<string> = new Set([
  TargetSnapshotted,
  TargetMembersChanged,
  TargetDeleted,
]);

/** Documents are keyed `<type>-<id>`: a community and a group may share an id. */
export function targetKey(targetType: string, targetId: string): string {
  return `${targetType}-${targetId}`;
}

export function targetKeyOf(event: RecordedEvent): string | null {
  if (!TARGET_EVENTS.has(event.type)) return null;
  const { targetType, targetId } = event.data as { targetType: string; targetId: string };
  return targetKey(targetType, targetId);
}

export function projectTarget(
  current: TargetDocument | null,
  event: RecordedEvent,
): TargetDocument | null {
  if (alreadyApplied(current, event)) return current;
  switch (event.type) {
    case TargetSnapshotted: {
      const { data, position } = event as RecordedEvent<TargetSnapshottedData>;
      return {
        targetType: data.targetType,
        targetId: data.targetId,
        name: data.name,
        photo: data.photo ? { fileId: data.photo.fileId, preview: data.photo.preview } : null,
        ownerId: data.ownerId,
        memberIds: [...data.memberIds],
        deleted: false,
        lastPosition: position,
      };
    }
    case TargetMembersChanged: {
      if (current === null) return null;
      const { added, removed } = (event as RecordedEvent<TargetMembersChangedData>).data;
      const members = new Set(current.memberIds);
      for (const id of added) members.add(id);
      for (const id of removed) if (id !== current.ownerId) members.delete(id);
      return { ...current, memberIds: [...members], lastPosition: event.position };
    }
    case TargetDeleted:
      if (current === null) return null;
      return { ...current, deleted: true, lastPosition: event.position };
    default:
      return current;
  }
}

export const targetsProjection: Projection<TargetDocument> = {
  keyOf: targetKeyOf,
  project: projectTarget,
};
