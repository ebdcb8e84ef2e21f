import {
  InviteCreated,
  InviteDeleted,
  InviteUsed,
  type InviteCreatedData,
  type InviteEvent,
} from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { isInviteCode, INVITE_CODE_ALPHABET, INVITE_CODE_LENGTH } from './invite-code';
import {
  inviteDecider,
  inviteIsLive,
  type InviteCommand,
  type InviteLimits,
} from './invite.decider';

const HOUR = 3_600_000;
const limits: InviteLimits = { maxLifetimeMs: 24 * HOUR, maxUses: 100 };

const createdData: InviteCreatedData = {
  code: 'Abcdefgh23',
  type: 'community',
  targetId: '900',
  creatorId: 'u1',
  createdAt: 1_000,
  expiresAt: 1_000 + HOUR,
  maxUses: 2,
};
const created: InviteEvent = { type: InviteCreated, data: createdData };
const friendInvite: InviteEvent = {
  type: InviteCreated,
  data: { ...createdData, type: 'user', targetId: 'u1' },
};
const usedBy = (userId: string, useCount: number, at = 2_000): InviteEvent => ({
  type: InviteUsed,
  data: {
    code: 'Abcdefgh23',
    type: 'community',
    targetId: '900',
    creatorId: 'u1',
    userId,
    useCount,
    at,
  },
});
const deleted: InviteEvent = {
  type: InviteDeleted,
  data: {
    code: 'Abcdefgh23',
    type: 'community',
    targetId: '900',
    creatorId: 'u1',
    deletedBy: 'u1',
    at: 1_500,
  },
};

function create(
  overrides: Partial<Extract<InviteCommand, { kind: 'create' }>> = {},
): InviteCommand {
  return {
    kind: 'create',
    code: 'Abcdefgh23',
    type: 'community',
    targetId: '900',
    creatorId: 'u1',
    standing: 'member',
    expiresAt: 1_000 + HOUR,
    maxUses: 2,
    limits,
    at: 1_000,
    ...overrides,
  };
}

describe('invite decider', () => {
  describe('create', () => {
    it('given no invite, when a member creates one, then created', () => {
      given(inviteDecider).when(create()).then([created]);
    });

    it('given no invite, when created without expiry or max uses, then the configured maxima', () => {
      given(inviteDecider)
        .when(create({ expiresAt: null, maxUses: null }))
        .then([
          {
            type: InviteCreated,
            data: { ...createdData, expiresAt: 1_000 + 24 * HOUR, maxUses: 100 },
          },
        ]);
    });

    it('given an invite with that code, when created, then the code is taken', () => {
      given(inviteDecider, [created])
        .when(create())
        .thenFails('CONFLICT', /code taken/);
    });

    it('given no invite, when a stranger to the target creates one, then permission denied', () => {
      given(inviteDecider)
        .when(create({ standing: 'stranger' }))
        .thenFails('PERMISSION_DENIED');
    });

    it('given no invite, when created for an unknown target, then not found', () => {
      given(inviteDecider)
        .when(create({ standing: 'unknown-target' }))
        .thenFails('NOT_FOUND');
    });

    it('given no invite, when the expiry is now or past, then refused', () => {
      given(inviteDecider)
        .when(create({ expiresAt: 1_000 }))
        .thenFails('INVALID_ARGUMENT', /future/);
    });

    it('given no invite, when the expiry is past the longest lifetime, then refused', () => {
      given(inviteDecider)
        .when(create({ expiresAt: 1_000 + 24 * HOUR + 1 }))
        .thenFails('INVALID_ARGUMENT', /within 86400 s/);
    });

    it('given no invite, when the expiry is exactly the longest lifetime, then created', () => {
      given(inviteDecider)
        .when(create({ expiresAt: 1_000 + 24 * HOUR }))
        .then([{ type: InviteCreated, data: { ...createdData, expiresAt: 1_000 + 24 * HOUR } }]);
    });

    it.each([0, 101, 1.5])('given no invite, when max_uses is %p, then refused', (maxUses) => {
      given(inviteDecider)
        .when(create({ maxUses }))
        .thenFails('INVALID_ARGUMENT', /max_uses/);
    });
  });

  describe('use', () => {
    const use = (userId: string, at = 2_000): InviteCommand => ({ kind: 'use', userId, at });

    it('given a live invite, when another user uses it, then used once', () => {
      given(inviteDecider, [created])
        .when(use('u2'))
        .then([usedBy('u2', 1)]);
    });

    it('given an invite used by a user, when the same user uses it again, then nothing (idempotent)', () => {
      const state = given(inviteDecider, [created, usedBy('u2', 1)])
        .when(use('u2', 3_000))
        .then([]);
      expect(state).toMatchObject({ uses: 1 });
    });

    it('given an invite used by a user, when another user uses it, then the count goes on', () => {
      given(inviteDecider, [created, usedBy('u2', 1)])
        .when(use('u3'))
        .then([usedBy('u3', 2)]);
    });

    it('given no invite, when used, then INVITE_NOT_FOUND', () => {
      given(inviteDecider).when(use('u2')).thenFails('INVITE_NOT_FOUND');
    });

    it('given a deleted invite, when used, then INVITE_DELETED', () => {
      given(inviteDecider, [created, deleted]).when(use('u2')).thenFails('INVITE_DELETED');
    });

    it('given an invite, when used one millisecond before its expiry, then used', () => {
      given(inviteDecider, [created])
        .when(use('u2', createdData.expiresAt - 1))
        .then([usedBy('u2', 1, createdData.expiresAt - 1)]);
    });

    it('given an invite, when used at its expiry, then INVITE_EXPIRED', () => {
      given(inviteDecider, [created])
        .when(use('u2', createdData.expiresAt))
        .thenFails('INVITE_EXPIRED');
    });

    it('given an invite with every use taken, when a new user uses it, then INVITE_EXHAUSTED', () => {
      given(inviteDecider, [created, usedBy('u2', 1), usedBy('u3', 2)])
        .when(use('u4'))
        .thenFails('INVITE_EXHAUSTED');
    });

    it('given an exhausted invite, when one of its users uses it again, then nothing', () => {
      given(inviteDecider, [created, usedBy('u2', 1), usedBy('u3', 2)])
        .when(use('u2'))
        .then([]);
    });

    it('given a friend invite, when its creator uses it, then INVITE_OWN', () => {
      given(inviteDecider, [friendInvite]).when(use('u1')).thenFails('INVITE_OWN');
    });

    it('given a community invite, when its creator uses it, then nothing is counted', () => {
      given(inviteDecider, [created]).when(use('u1')).then([]);
    });
  });

  describe('delete', () => {
    const del = (byUserId: string, targetOwnerId: string | null = 'owner'): InviteCommand => ({
      kind: 'delete',
      byUserId,
      targetOwnerId,
      at: 1_500,
    });

    it('given an invite, when its creator deletes it, then deleted', () => {
      given(inviteDecider, [created]).when(del('u1')).then([deleted]);
    });

    it("given an invite, when the target's owner deletes it, then deleted by the owner", () => {
      given(inviteDecider, [created])
        .when(del('owner'))
        .then([{ type: InviteDeleted, data: { ...deleted.data, deletedBy: 'owner' } }]);
    });

    it('given an invite, when someone else deletes it, then permission denied', () => {
      given(inviteDecider, [created]).when(del('u9')).thenFails('PERMISSION_DENIED');
    });

    it('given a deleted invite, when deleted again, then nothing', () => {
      given(inviteDecider, [created, deleted]).when(del('u1')).then([]);
    });

    it('given no invite, when deleted, then INVITE_NOT_FOUND', () => {
      given(inviteDecider).when(del('u1')).thenFails('INVITE_NOT_FOUND');
    });
  });

  it('is live before expiry with uses left and not deleted', () => {
    const invite = { deletedAt: null, expiresAt: 10, uses: 1, maxUses: 2 };
    expect(inviteIsLive(invite, 9)).toBe(true);
    expect(inviteIsLive(invite, 10)).toBe(false);
    expect(inviteIsLive({ ...invite, uses: 2 }, 9)).toBe(false);
    expect(inviteIsLive({ ...invite, deletedAt: 5 }, 9)).toBe(false);
  });
});

describe('invite codes', () => {
  it('accept the alphabet at the length, nothing else', () => {
    expect(INVITE_CODE_ALPHABET.length ** INVITE_CODE_LENGTH).toBeGreaterThan(2 ** 48);
    expect(isInviteCode('Abcdefgh23')).toBe(true);
    expect(isInviteCode('Abcdefgh2')).toBe(false);
    expect(isInviteCode('Abcdefgh230')).toBe(false);
    expect(isInviteCode('Abcdefgh2O')).toBe(false);
    expect(isInviteCode('Abcdefgh2/')).toBe(false);
    expect(isInviteCode('<script>ab')).toBe(false);
  });
});
