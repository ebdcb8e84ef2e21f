import type { InviteType, TargetType } from '@tangle/contracts';
import type { TargetFact } from '@tangle/domain';
import type { RequestContext } from '../shared/request-context';

/** chats.createChatInvite: an invite to `targetId` of `type`, by a signed-in user. */
export class CreateInviteCommand {
  constructor(
    readonly userId: string,
    readonly type: InviteType,
    readonly targetId: string,
    /** Unix ms, or null for the longest lifetime allowed. */
    readonly expiresAt: number | null,
    /** Null for the most uses allowed. */
    readonly maxUses: number | null,
    readonly context: RequestContext,
  ) {}
}

/** auth.useInvite */
export class UseInviteCommand {
  constructor(
    readonly userId: string,
    readonly code: string,
    readonly context: RequestContext,
  ) {}
}

/** chats.deleteChatInvite */
export class DeleteInviteCommand {
  constructor(
    readonly userId: string,
    readonly code: string,
    readonly context: RequestContext,
  ) {}
}

/** A fact about a community or group from the service that owns it (Kafka or the internal endpoint). */
export class RecordTargetFactCommand {
  constructor(
    readonly targetType: TargetType,
    readonly targetId: string,
    /** The owner's version of the target, unsigned decimal. */
    readonly version: string,
    readonly fact: TargetFact,
    readonly context: RequestContext,
  ) {}
}
