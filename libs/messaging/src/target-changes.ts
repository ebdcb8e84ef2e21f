import { AuthError, type TargetType } from '@tangle/contracts';
import type { TargetFact } from '@tangle/domain';
import { v1 } from './schema';
import { longToDecimal } from './snowflake';

/** A `TargetChanged` as the command that records it needs it. */
export interface TargetChange {
  targetType: TargetType;
  targetId: string;
  version: string;
  fact: TargetFact;
}

/** Decodes a value of a targets topic. */
export function decodeTargetChanged(value: Uint8Array): v1.TargetChanged {
  return v1.TargetChanged.decode(value);
}

export function encodeTargetChanged(message: v1.ITargetChanged): Uint8Array {
  return v1.TargetChanged.encode(message).finish();
}

/**
 * A `TargetChanged` in the protobuf JSON mapping (lowerCamelCase or proto names, 64-bit numbers
 * as decimal strings, enums by name, bytes as base64), as the internal targets endpoint takes it.
 */
export function targetChangedFromJson(json: unknown): v1.TargetChanged {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AuthError('INVALID_ARGUMENT', 'the body must be a TargetChanged object');
  }
  try {
    return v1.TargetChanged.fromObject(json as Record<string, unknown>);
  } catch (error) {
    throw new AuthError('INVALID_ARGUMENT', `not a TargetChanged: ${(error as Error).message}`);
  }
}

const TYPES: Partial<Record<v1.TargetType, TargetType>> = {
  [v1.TargetType.TARGET_TYPE_COMMUNITY]: 'community',
  [v1.TargetType.TARGET_TYPE_GROUP]: 'group',
};

/** The change as plain values; a message without a type or a change is INVALID_ARGUMENT. */
export function toTargetChange(message: v1.ITargetChanged): TargetChange {
  const targetType = TYPES[message.type ?? v1.TargetType.TARGET_TYPE_UNSPECIFIED];
  if (!targetType) throw new AuthError('INVALID_ARGUMENT', 'type must be COMMUNITY or GROUP');
  const ids = (values: readonly unknown[] | null | undefined) =>
    (values ?? []).map((value) => longToDecimal(value as never));
  let fact: TargetFact;
  if (message.snapshot) {
    const { name, photo, ownerId, memberIds } = message.snapshot;
    fact = {
      kind: 'snapshot',
      name: name ?? '',
      photo:
        photo && photo.fileId !== null && photo.fileId !== undefined
          ? {
              fileId: longToDecimal(photo.fileId as never),
              preview: Buffer.from(photo.preview ?? new Uint8Array()).toString('base64'),
            }
          : null,
      ownerId: longToDecimal((ownerId ?? 0) as never),
      memberIds: ids(memberIds),
    };
  } else if (message.members) {
    fact = {
      kind: 'members',
      added: ids(message.members.added),
      removed: ids(message.members.removed),
    };
  } else if (message.gone) {
    fact = { kind: 'deleted' };
  } else {
    throw new AuthError('INVALID_ARGUMENT', 'one of snapshot, members or gone is required');
  }
  return {
    targetType,
    targetId: longToDecimal((message.targetId ?? 0) as never),
    version: longToDecimal((message.version ?? 0) as never),
    fact,
  };
}
