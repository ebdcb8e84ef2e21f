import {
  AuthError,
  InviteCreated,
  InviteDeleted,
  InviteUsed,
  type InviteEvent,
  type InviteType,
} from '@tangle/contracts';
import type { Decider } from '../shared/decider';

interface InviteFacts {
  code: string;
  type: InviteType;
  targetId: string;
  creatorId: string;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  /** Who used it, so a second use by the same user counts nothing. */
  usedBy: ReadonlySet<string>;
}

export type InviteState =
  | { status: 'none' }
  | ({ status: 'live' } & InviteFacts)
  | ({ status: 'deleted'; deletedAt: number } & InviteFacts);

/**
 * Where the creator stands with the target, read by the caller from the target's stream: a
 * member (or participant, or the user themself for a friend invite), someone else, or a target
 * this service has never heard of.
 */
export type CreatorStanding = 'member' | 'stranger' | 'unknown-target';

/** The bounds the configuration puts on new invites. */
export interface InviteLimits {
  /** Longest time from creation to expiry. */
  maxLifetimeMs: number;
  /** Highest max_uses. */
  maxUses: number;
}

export type InviteCommand =
  | {
      kind: 'create';
      code: string;
      type: InviteType;
      targetId: string;
      creatorId: string;
      standing: CreatorStanding;
      /** Unix ms; null: the longest lifetime allowed. */
      expiresAt: number | null;
      /** Null: the most uses allowed. */
      maxUses: number | null;
      limits: InviteLimits;
      at: number;
    }
  | { kind: 'use'; userId: string; at: number }
  | {
      kind: 'delete';
      byUserId: string;
      /** The owner of the invite's target (the user themself for a friend invite), when known. */
      targetOwnerId: string | null;
      at: number;
    };

/** The code is already an invite's: the caller draws another. */
export const INVITE_CODE_TAKEN = 'invite code taken';

export const inviteDecider: Decider<InviteCommand, InviteState, InviteEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.kind) {
      case 'create':
        return create(command, state);
      case 'use':
        return use(command, state);
      case 'delete': {
        if (state.status === 'none') throw new AuthError('INVITE_NOT_FOUND');
        if (command.byUserId !== state.creatorId && command.byUserId !== command.targetOwnerId) {
          throw new AuthError('PERMISSION_DENIED', 'only its creator or the owner may delete it');
        }
        if (state.status === 'deleted') return [];
        return [
          {
            type: InviteDeleted,
            data: {
              code: state.code,
              type: state.type,
              targetId: state.targetId,
              creatorId: state.creatorId,
              deletedBy: command.byUserId,
              at: command.at,
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case InviteCreated: {
        const { code, type, targetId, creatorId, createdAt, expiresAt, maxUses } = event.data;
        return {
          status: 'live',
          code,
          type,
          targetId,
          creatorId,
          createdAt,
          expiresAt,
          maxUses,
          uses: 0,
          usedBy: new Set(),
        };
      }
      case InviteUsed: {
        if (state.status === 'none') return state;
        const usedBy = new Set(state.usedBy);
        usedBy.add(event.data.userId);
        return { ...state, uses: event.data.useCount, usedBy };
      }
      case InviteDeleted:
        if (state.status === 'none') return state;
        return { ...state, status: 'deleted', deletedAt: event.data.at };
    }
  },
};

function create(
  command: Extract<InviteCommand, { kind: 'create' }>,
  state: InviteState,
): InviteEvent[] {
  if (command.standing === 'unknown-target') throw new AuthError('NOT_FOUND', 'no such chat');
  if (command.standing === 'stranger') {
    throw new AuthError('PERMISSION_DENIED', 'only members may invite to it');
  }
  const { limits, at } = command;
  // Whole seconds: the wire carries expiry in unix seconds.
  const expiresAt = command.expiresAt ?? Math.floor((at + limits.maxLifetimeMs) / 1000) * 1000;
  if (expiresAt <= at) throw new AuthError('INVALID_ARGUMENT', 'expires_at must be in the future');
  if (expiresAt - at > limits.maxLifetimeMs) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `expires_at must be within ${Math.floor(limits.maxLifetimeMs / 1000)} s from now`,
    );
  }
  const maxUses = command.maxUses ?? limits.maxUses;
  if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > limits.maxUses) {
    throw new AuthError('INVALID_ARGUMENT', `max_uses must be 1 to ${limits.maxUses}`);
  }
  // Decided last: a refused request must not tell whether its code was taken.
  if (state.status !== 'none') throw new AuthError('CONFLICT', INVITE_CODE_TAKEN);
  return [
    {
      type: InviteCreated,
      data: {
        code: command.code,
        type: command.type,
        targetId: command.targetId,
        creatorId: command.creatorId,
        createdAt: at,
        expiresAt,
        maxUses,
      },
    },
  ];
}

function use(command: Extract<InviteCommand, { kind: 'use' }>, state: InviteState): InviteEvent[] {
  if (state.status === 'none') throw new AuthError('INVITE_NOT_FOUND');
  if (state.status === 'deleted') throw new AuthError('INVITE_DELETED');
  if (state.type === 'user' && state.creatorId === command.userId) {
    throw new AuthError('INVITE_OWN', 'a friend invite is for others to use');
  }
  // The same user again: nothing more to count, whatever happened since.
  if (state.usedBy.has(command.userId)) return [];
  // The creator of a community or group invite is a member already.
  if (state.creatorId === command.userId) return [];
  if (command.at >= state.expiresAt) throw new AuthError('INVITE_EXPIRED');
  if (state.uses >= state.maxUses) throw new AuthError('INVITE_EXHAUSTED');
  return [
    {
      type: InviteUsed,
      data: {
        code: state.code,
        type: state.type,
        targetId: state.targetId,
        creatorId: state.creatorId,
        userId: command.userId,
        useCount: state.uses + 1,
        at: command.at,
      },
    },
  ];
}

/** Whether an invite can still be used at `now`: not deleted, not expired, uses left. */
export function inviteIsLive(
  invite: { deletedAt: number | null; expiresAt: number; uses: number; maxUses: number },
  now: number,
): boolean {
  return invite.deletedAt === null && now < invite.expiresAt && invite.uses < invite.maxUses;
}
