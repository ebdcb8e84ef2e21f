import {
  TargetDeleted,
  TargetMembersChanged,
  TargetSnapshotted,
  type TargetEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import {
  isTargetMember,
  targetDecider,
  type TargetCommand,
  type TargetFact,
} from './target.decider';

const record = (version: string, fact: TargetFact): TargetCommand => ({
  kind: 'record',
  targetType: 'group',
  targetId: '70',
  version,
  fact,
  at: 5,
});
const snapshotFact: TargetFact = {
  kind: 'snapshot',
  name: 'Climbers',
  photo: null,
  ownerId: 'o1',
  memberIds: ['u1', 'u2'],
};
const snapshot = (version = '3'): TargetEvent => ({
  type: TargetSnapshotted,
  data: {
    targetType: 'group',
    targetId: '70',
    version,
    name: 'Climbers',
    photo: null,
    ownerId: 'o1',
    memberIds: ['o1', 'u1', 'u2'],
    at: 5,
  },
});

describe('target decider', () => {
  it('given nothing, when a snapshot arrives, then recorded with the owner among the members', () => {
    const state = given(targetDecider).when(record('3', snapshotFact)).then([snapshot()]);
    expect(isTargetMember(state, 'o1')).toBe(true);
    expect(isTargetMember(state, 'u2')).toBe(true);
    expect(isTargetMember(state, 'u9')).toBe(false);
  });

  it('given a snapshot, when the same version arrives again, then nothing (redelivery)', () => {
    given(targetDecider, [snapshot()]).when(record('3', snapshotFact)).then([]);
  });

  it('given a snapshot, when an older version arrives, then nothing', () => {
    given(targetDecider, [snapshot()])
      .when(record('2', { kind: 'members', added: ['u9'], removed: [] }))
      .then([]);
  });

  it('given a snapshot, when members change, then recorded; the owner stays a member', () => {
    const state = given(targetDecider, [snapshot()])
      .when(record('4', { kind: 'members', added: ['u3'], removed: ['u1', 'o1'] }))
      .then([
        {
          type: TargetMembersChanged,
          data: {
            targetType: 'group',
            targetId: '70',
            version: '4',
            added: ['u3'],
            removed: ['u1', 'o1'],
            at: 5,
          },
        },
      ]);
    expect(isTargetMember(state, 'u3')).toBe(true);
    expect(isTargetMember(state, 'u1')).toBe(false);
    expect(isTargetMember(state, 'o1')).toBe(true);
  });

  it('given nothing, when members change, then nothing (no snapshot to apply it to)', () => {
    given(targetDecider)
      .when(record('1', { kind: 'members', added: ['u1'], removed: [] }))
      .then([]);
  });

  it('given a snapshot, when deleted, then nobody is a member any more', () => {
    const state = given(targetDecider, [snapshot()])
      .when(record('9', { kind: 'deleted' }))
      .then([
        { type: TargetDeleted, data: { targetType: 'group', targetId: '70', version: '9', at: 5 } },
      ]);
    expect(isTargetMember(state, 'o1')).toBe(false);
  });

  it('compares versions as 64-bit numbers, not as text', () => {
    given(targetDecider, [snapshot('9')])
      .when(record('10', { kind: 'members', added: ['u5'], removed: [] }))
      .then([
        {
          type: TargetMembersChanged,
          data: {
            targetType: 'group',
            targetId: '70',
            version: '10',
            added: ['u5'],
            removed: [],
            at: 5,
          },
        },
      ]);
  });
});
