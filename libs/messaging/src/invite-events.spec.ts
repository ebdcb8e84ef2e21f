import Long from 'long';
import { InviteCreated, InviteDeleted, InviteUsed } from '@tangle/contracts';
import { toIntegrationMessages } from './integration-events';
import { decodeIntegrationEvent } from './public-events';
import { v1 } from './schema';
import {
  decodeTargetChanged,
  encodeTargetChanged,
  targetChangedFromJson,
  toTargetChange,
} from './target-changes';
import { recorded, T0, type StreamEvent } from './testing/domain-events';

const TOPICS = { events: 'events-topic', mail: 'mail-topic' };
const CREATOR = '123456789012345678';
const MEMBER = '223456789012345678';
const GROUP = '323456789012345678';

function inviteEvent(type: string, data: object): StreamEvent {
  return {
    streamId: 'invite-Abcdefgh23',
    event: {
      eventId: '00000000-0000-4000-8000-000000000001',
      type,
      data,
      metadata: {
        correlationId: 'corr',
        causationId: 'corr',
        schemaVersion: 1,
        actorUserId: MEMBER,
        actorSessionId: null,
        serverTime: T0,
      },
    },
  };
}

describe('invite integration events', () => {
  it('publishes invite.used keyed by the new member, with type, target, creator and count', () => {
    const event = recorded(
      inviteEvent(InviteUsed, {
        code: 'Abcdefgh23',
        type: 'group',
        targetId: GROUP,
        creatorId: CREATOR,
        userId: MEMBER,
        useCount: 3,
        at: T0,
      }),
    );
    const [message, ...rest] = toIntegrationMessages(event, TOPICS);
    expect(rest).toEqual([]);
    expect(message.topic).toBe('events-topic');
    expect(message.key).toBe(MEMBER);
    expect(message.headers['event-type']).toBe('invite.used.v1');
    const decoded = decodeIntegrationEvent(message.value);
    expect(decoded.event).toBe('inviteUsed');
    const used = decoded.inviteUsed!;
    expect(used.code).toBe('Abcdefgh23');
    expect(used.type).toBe(v1.InviteType.INVITE_TYPE_GROUP);
    expect(Long.fromValue(used.targetId!).toUnsigned().toString()).toBe(GROUP);
    expect(Long.fromValue(used.creatorId!).toUnsigned().toString()).toBe(CREATOR);
    expect(Long.fromValue(used.userId!).toUnsigned().toString()).toBe(MEMBER);
    expect(used.useCount).toBe(3);
    expect(Long.fromValue(used.header!.userId!).toUnsigned().toString()).toBe(MEMBER);
  });

  it.each([
    ['invite.created', InviteCreated],
    ['invite.deleted', InviteDeleted],
  ])('publishes nothing for %s', (_name, type) => {
    const event = recorded(
      inviteEvent(type, {
        code: 'Abcdefgh23',
        type: 'group',
        targetId: GROUP,
        creatorId: CREATOR,
        createdAt: T0,
        expiresAt: T0 + 1,
        maxUses: 1,
        deletedBy: CREATOR,
        at: T0,
      }),
    );
    expect(toIntegrationMessages(event, TOPICS)).toEqual([]);
  });
});

describe('TargetChanged', () => {
  it('reads a snapshot from the wire, ids as decimals and the photo as base64', () => {
    const value = encodeTargetChanged({
      type: v1.TargetType.TARGET_TYPE_COMMUNITY,
      targetId: Long.fromString(GROUP, true),
      version: Long.fromString('18446744073709551615', true),
      snapshot: {
        name: 'Hikers',
        ownerId: Long.fromString(CREATOR, true),
        memberIds: [Long.fromString(MEMBER, true)],
        photo: { fileId: Long.fromNumber(42, true), preview: new Uint8Array([1, 2, 3]) },
      },
    });
    expect(toTargetChange(decodeTargetChanged(value))).toEqual({
      targetType: 'community',
      targetId: GROUP,
      version: '18446744073709551615',
      fact: {
        kind: 'snapshot',
        name: 'Hikers',
        ownerId: CREATOR,
        memberIds: [MEMBER],
        photo: { fileId: '42', preview: 'AQID' },
      },
    });
  });

  it('reads members changes and deletions from the JSON mapping', () => {
    expect(
      toTargetChange(
        targetChangedFromJson({
          type: 'TARGET_TYPE_GROUP',
          targetId: GROUP,
          version: '7',
          members: { added: [MEMBER], removed: [CREATOR] },
        }),
      ),
    ).toEqual({
      targetType: 'group',
      targetId: GROUP,
      version: '7',
      fact: { kind: 'members', added: [MEMBER], removed: [CREATOR] },
    });
    expect(
      toTargetChange(
        targetChangedFromJson({
          type: 'TARGET_TYPE_GROUP',
          targetId: GROUP,
          version: '8',
          gone: {},
        }),
      ).fact,
    ).toEqual({ kind: 'deleted' });
  });

  it('refuses a change without a type or without a change', () => {
    expect(() =>
      toTargetChange({
        targetId: Long.fromNumber(1, true),
        version: Long.fromNumber(1, true),
        gone: {},
      }),
    ).toThrow(/COMMUNITY or GROUP/);
    expect(() =>
      toTargetChange({
        type: v1.TargetType.TARGET_TYPE_GROUP,
        targetId: Long.fromNumber(1, true),
        version: Long.fromNumber(1, true),
      }),
    ).toThrow(/snapshot, members or gone/);
    expect(() => targetChangedFromJson([1])).toThrow(/TargetChanged/);
  });
});
