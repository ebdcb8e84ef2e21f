import {
  TargetDeleted,
  TargetMembersChanged,
  TargetSnapshotted,
  type TargetEvent,
  type TargetPhoto,
  type TargetType,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';

interface TargetFacts {
  targetType: TargetType;
  targetId: string;
  /** The owning service's version of what is known (decimal). */
  version: string;
  name: string;
  photo: TargetPhoto | null;
  ownerId: string;
  memberIds: ReadonlySet<string>;
}

export type TargetState =
  | { status: 'unknown' }
  | ({ status: 'known' } & TargetFacts)
  | ({ status: 'deleted' } & TargetFacts);

/** One fact from the service that owns the target, at its version of the target. */
export type TargetFact =
  | {
      kind: 'snapshot';
      name: string;
      photo: TargetPhoto | null;
      ownerId: string;
      memberIds: string[];
    }
  | { kind: 'members'; added: string[]; removed: string[] }
  | { kind: 'deleted' };

export interface TargetCommand {
  kind: 'record';
  targetType: TargetType;
  targetId: string;
  /** Unsigned decimal; facts at or below the version already recorded change nothing. */
  version: string;
  fact: TargetFact;
  at: number;
}

/**
 * What this service knows of a community or group owned by another service. Facts arrive at
 * least once and, across partitions or the two ways in, possibly out of order: each carries
 * the owner's version of the target, and only a newer one is recorded. A change of members
 * before any snapshot cannot be applied (nothing to apply it to) and is dropped.
 */
export const targetDecider: Decider<TargetCommand, TargetState, TargetEvent> = {
  initialState: { status: 'unknown' },

  decide(command, state) {
    const { targetType, targetId, version, fact, at } = command;
    if (state.status !== 'unknown' && BigInt(version) <= BigInt(state.version)) return [];
    switch (fact.kind) {
      case 'snapshot':
        return [
          {
            type: TargetSnapshotted,
            data: {
              targetType,
              targetId,
              version,
              name: fact.name,
              photo: fact.photo,
              ownerId: fact.ownerId,
              memberIds: [...new Set([fact.ownerId, ...fact.memberIds])],
              at,
            },
          },
        ];
      case 'members':
        if (state.status !== 'known') return [];
        return [
          {
            type: TargetMembersChanged,
            data: { targetType, targetId, version, added: fact.added, removed: fact.removed, at },
          },
        ];
      case 'deleted':
        if (state.status !== 'known') return [];
        return [{ type: TargetDeleted, data: { targetType, targetId, version, at } }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case TargetSnapshotted: {
        const { targetType, targetId, version, name, photo, ownerId, memberIds } = event.data;
        return {
          status: 'known',
          targetType,
          targetId,
          version,
          name,
          photo,
          ownerId,
          memberIds: new Set(memberIds),
        };
      }
      case TargetMembersChanged: {
        if (state.status === 'unknown') return state;
        const memberIds = new Set(state.memberIds);
        for (const id of event.data.added) memberIds.add(id);
        for (const id of event.data.removed) if (id !== state.ownerId) memberIds.delete(id);
        return { ...state, version: event.data.version, memberIds };
      }
      case TargetDeleted:
        if (state.status === 'unknown') return state;
        return { ...state, status: 'deleted', version: event.data.version };
    }
  },
};

/** Whether `userId` may invite others to the target: a member (or participant) of a live one. */
export function isTargetMember(state: TargetState, userId: string): boolean {
  return state.status === 'known' && state.memberIds.has(userId);
}
