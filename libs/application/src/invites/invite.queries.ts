import type { InviteType } from '@tangle/contracts';
import type { InviteView, TargetView } from '../ports';
import type { RequestContext } from '../shared/request-context';

/** auth.lookupInvite (and the /i/<code> page): signed in or not. */
export class LookupInviteQuery {
  constructor(
    readonly code: string,
    /** The signed-in viewer, or null. */
    readonly viewerId: string | null,
    readonly context: RequestContext,
  ) {}
}

/** chats.listChatInvites */
export class ListInvitesQuery {
  constructor(
    readonly userId: string,
    readonly type: InviteType,
    readonly targetId: string,
  ) {}
}

/** A user as a preview shows them. */
export interface InviteUser {
  userId: string;
  name: string;
}

export type InviteTargetInfo =
  | { kind: 'community'; target: TargetView }
  | { kind: 'group'; target: TargetView }
  | { kind: 'user'; user: InviteUser };

/** What a live invite shows before it is used. */
export interface InvitePreviewView {
  invite: InviteView;
  creator: InviteUser | null;
  targetInfo: InviteTargetInfo;
}
