import type { InviteView, ReadModelStore, TargetView } from '@tangle/application';
import {
  inviteCreated,
  inviteDeleted,
  inviteUsed,
  targetDeleted,
  targetMembersChanged,
  targetSnapshotted,
} from './invite-event.fixtures';
import { EventLog, T0 } from './recorded-event.fixtures';

/**
 * The invites and targets read models of a ReadModelStore: part of its contract, run inside
 * describeReadModelStoreContract with a fresh store per test.
 */
export function describeInviteReadModels(
  context: () => { store: ReadModelStore; log: EventLog },
): void {
  describe('invites and targets', () => {
    it('builds an invite from its creation, uses and deletion, and answers by code', async () => {
      const { store, log } = context();
      expect(await store.getInvite('Code000001')).toBeNull();
      await store.apply(
        log.recordAll([
          inviteCreated('Code000001'),
          inviteUsed('Code000001', 'u2', 1),
          inviteUsed('Code000001', 'u3', 2),
        ]),
      );
      const expected: InviteView = {
        code: 'Code000001',
        type: 'community',
        targetId: '500',
        creatorId: 'u1',
        createdAt: T0,
        expiresAt: T0 + 3_600_000,
        maxUses: 5,
        uses: 2,
        deletedAt: null,
      };
      expect(await store.getInvite('Code000001')).toEqual(expected);
      await store.apply(log.recordAll([inviteDeleted('Code000001', T0 + 50)]));
      expect(await store.getInvite('Code000001')).toEqual({ ...expected, deletedAt: T0 + 50 });
    });

    it('lists invites by target and by creator, oldest first, and applies a batch twice as once', async () => {
      const { store, log } = context();
      const events = log.recordAll([
        inviteCreated('Code00000B', { createdAt: T0 + 2 }),
        inviteCreated('Code00000A', { createdAt: T0 + 1 }),
        inviteCreated('Code00000C', { createdAt: T0 + 3, type: 'group', targetId: '500' }),
        inviteCreated('Code00000D', { createdAt: T0 + 4, creatorId: 'u9' }),
        inviteUsed('Code00000A', 'u2', 1),
      ]);
      await store.apply(events);
      await store.apply(events);
      const codes = (views: InviteView[]) => views.map((v) => v.code);
      expect(codes(await store.listInvitesByTarget('community', '500'))).toEqual([
        'Code00000A',
        'Code00000B',
        'Code00000D',
      ]);
      expect(codes(await store.listInvitesByTarget('group', '500'))).toEqual(['Code00000C']);
      expect(codes(await store.listInvitesByCreator('u1'))).toEqual([
        'Code00000A',
        'Code00000B',
        'Code00000C',
      ]);
      expect((await store.getInvite('Code00000A'))?.uses).toBe(1);
    });

    it('keeps targets by type and id, with their members, photo, changes and deletion', async () => {
      const { store, log } = context();
      await store.apply(
        log.recordAll([
          targetSnapshotted('community', '77', {
            name: 'Hikers',
            photo: { fileId: '123', preview: 'AAEC' },
          }),
          targetSnapshotted('group', '77', { name: 'Not the community' }),
          targetMembersChanged('community', '77', ['u5'], ['u1', 'o1']),
        ]),
      );
      const community: TargetView = {
        targetType: 'community',
        targetId: '77',
        name: 'Hikers',
        photo: { fileId: '123', preview: 'AAEC' },
        ownerId: 'o1',
        memberIds: ['o1', 'u5'],
        deleted: false,
      };
      const found = await store.getTarget('community', '77');
      expect({ ...found, memberIds: [...(found?.memberIds ?? [])].sort() }).toEqual(community);
      expect((await store.getTarget('group', '77'))?.name).toBe('Not the community');
      expect(await store.getTarget('community', '78')).toBeNull();
      await store.apply(log.recordAll([targetDeleted('community', '77')]));
      expect((await store.getTarget('community', '77'))?.deleted).toBe(true);
    });

    it('rebuilds invites and targets from the same events to the same views', async () => {
      const { store, log } = context();
      const events = log.recordAll([
        targetSnapshotted('group', '9'),
        inviteCreated('Code00000R', { type: 'group', targetId: '9' }),
        inviteUsed('Code00000R', 'u2', 1),
      ]);
      await store.apply(events);
      const before = [await store.getInvite('Code00000R'), await store.getTarget('group', '9')];
      const rebuild = await store.beginRebuild();
      expect(await store.getInvite('Code00000R')).toEqual(before[0]);
      await rebuild.apply(events);
      await rebuild.commit();
      expect([await store.getInvite('Code00000R'), await store.getTarget('group', '9')]).toEqual(
        before,
      );
    });
  });
}
