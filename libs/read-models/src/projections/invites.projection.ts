import type { InviteView, RecordedEvent } from '@tangle/application';
import {
  InviteCreated,
  InviteDeleted,
  InviteUsed,
  type InviteCreatedData,
  type InviteDeletedData,
  type InviteUsedData,
} from '@tangle/contracts';
import { alreadyApplied, type Positioned, type Projection } from './projection';

export interface InviteDocument extends InviteView, Positioned {}

const INVITE_EVENTS: ReadonlySet<string> = new Set([InviteCreated, InviteUsed, InviteDeleted]);

export function inviteKeyOf(event: RecordedEvent): string | null {
  if (!INVITE_EVENTS.has(event.type)) return null;
  return (event.data as { code: string }).code;
}

export function projectInvite(
  current: InviteDocument | null,
  event: RecordedEvent,
): InviteDocument | null {
  if (alreadyApplied(current, event)) return current;
  switch (event.type) {
    case InviteCreated: {
      if (current !== null) return current;
      const { data, position } = event as RecordedEvent<InviteCreatedData>;
      return {
        code: data.code,
        type: data.type,
        targetId: data.targetId,
        creatorId: data.creatorId,
        createdAt: data.createdAt,
        expiresAt: data.expiresAt,
        maxUses: data.maxUses,
        uses: 0,
        deletedAt: null,
        lastPosition: position,
      };
    }
    case InviteUsed: {
      if (current === null) return null;
      const { useCount } = (event as RecordedEvent<InviteUsedData>).data;
      return { ...current, uses: Math.max(current.uses, useCount), lastPosition: event.position };
    }
    case InviteDeleted: {
      if (current === null) return null;
      const { at } = (event as RecordedEvent<InviteDeletedData>).data;
      return { ...current, deletedAt: current.deletedAt ?? at, lastPosition: event.position };
    }
    default:
      return current;
  }
}

export const invitesProjection: Projection<InviteDocument> = {
  keyOf: inviteKeyOf,
  project: projectInvite,
};

export function toInviteView({ lastPosition: _lastPosition, ...view }: InviteDocument): InviteView {
  return view;
}
