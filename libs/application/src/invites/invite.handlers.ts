import { Inject } from '@nestjs/common';
import {
  CommandHandler,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { AuthError, type InviteType } from '@tangle/contracts';
import {
  INVITE_CODE_ALPHABET,
  INVITE_CODE_LENGTH,
  INVITE_CODE_TAKEN,
  inviteIsLive,
  isInviteCode,
  isTargetMember,
  type CreatorStanding,
  type InviteState,
} from '@tangle/domain';
import { RateLimits } from '../limits/rate-limits';
import {
  CLOCK,
  SECRET_GENERATOR,
  type Clock,
  type GlobalPosition,
  type SecretGenerator,
} from '../ports';
import { KeyedSerializer } from '../shared/keyed-serializer';
import { metadataFor } from '../shared/request-context';
import {
  CreateInviteCommand,
  DeleteInviteCommand,
  RecordTargetFactCommand,
  UseInviteCommand,
} from './invite.commands';
import { InvitePreviews } from './invite-previews';
import { ListInvitesQuery, LookupInviteQuery, type InvitePreviewView } from './invite.queries';
import { INVITE_SETTINGS, InviteStream, TargetStream, type InviteSettings } from './invite-streams';
import { checkTargetFact } from './target-fact-rules';

/** Codes drawn before giving up: a collision is rare (58 bits), five in a row is a broken generator. */
const CODE_ATTEMPTS = 5;

export interface CreatedInviteResult {
  code: string;
  position: GlobalPosition;
}

@CommandHandler(CreateInviteCommand)
export class CreateInviteHandler implements ICommandHandler<
  CreateInviteCommand,
  CreatedInviteResult
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    @Inject(INVITE_SETTINGS) private readonly settings: InviteSettings,
    private readonly invites: InviteStream,
    private readonly targets: TargetStream,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: CreateInviteCommand): Promise<CreatedInviteResult> {
    const { userId, type, targetId, context } = command;
    await this.limits.enforce('invite-create', { address: context.clientIp, account: userId });
    const standing = await this.standing(userId, type, targetId);
    for (let attempt = 1; attempt <= CODE_ATTEMPTS; attempt++) {
      const code = this.secrets.fromAlphabet(INVITE_CODE_ALPHABET, INVITE_CODE_LENGTH);
      const at = this.clock.now();
      try {
        // A new code's stream does not exist: the append expects "no stream", so of two
        // requests that drew the same code only one gets it; the other draws again.
        const decision = await this.invites.decide(
          code,
          {
            kind: 'create',
            code,
            type,
            targetId,
            creatorId: userId,
            standing,
            expiresAt: command.expiresAt,
            maxUses: command.maxUses,
            limits: this.settings,
            at,
          },
          metadataFor(context, at),
        );
        return { code, position: decision.appended!.position };
      } catch (error) {
        if (!(error instanceof AuthError && error.detail === INVITE_CODE_TAKEN)) throw error;
      }
    }
    throw new AuthError('UNAVAILABLE', 'no free invite code found');
  }

  private async standing(
    userId: string,
    type: InviteType,
    targetId: string,
  ): Promise<CreatorStanding> {
    // A friend invite is the user's own: nobody invites others to befriend someone else.
    if (type === 'user') return targetId === userId ? 'member' : 'stranger';
    const { state } = await this.targets.read(TargetStream.idOf(type, targetId));
    if (state.status !== 'known') return 'unknown-target';
    return isTargetMember(state, userId) ? 'member' : 'stranger';
  }
}

@CommandHandler(UseInviteCommand)
export class UseInviteHandler implements ICommandHandler<UseInviteCommand, GlobalPosition | null> {
  private readonly turns = new KeyedSerializer();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly invites: InviteStream,
    private readonly limits: RateLimits,
  ) {}

  async execute(command: UseInviteCommand): Promise<GlobalPosition | null> {
    const { userId, code, context } = command;
    await this.limits.enforce('invite-use', { address: context.clientIp, account: userId });
    if (!isInviteCode(code)) throw new AuthError('INVITE_NOT_FOUND');
    return this.turns.run(code, async () => {
      const at = this.clock.now();
      const decision = await this.invites.decide(
        code,
        { kind: 'use', userId, at },
        metadataFor(context, at),
      );
      return decision.appended?.position ?? null;
    });
  }
}

@CommandHandler(DeleteInviteCommand)
export class DeleteInviteHandler implements ICommandHandler<
  DeleteInviteCommand,
  GlobalPosition | null
> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly invites: InviteStream,
    private readonly targets: TargetStream,
  ) {}

  async execute(command: DeleteInviteCommand): Promise<GlobalPosition | null> {
    const { userId, code, context } = command;
    if (!isInviteCode(code)) throw new AuthError('INVITE_NOT_FOUND');
    const at = this.clock.now();
    const decision = await this.invites.decide(
      code,
      async (state) => ({
        kind: 'delete',
        byUserId: userId,
        targetOwnerId: await this.ownerOf(state),
        at,
      }),
      metadataFor(context, at),
    );
    return decision.appended?.position ?? null;
  }

  private async ownerOf(invite: InviteState): Promise<string | null> {
    if (invite.status === 'none') return null;
    if (invite.type === 'user') return invite.targetId;
    const { state } = await this.targets.read(TargetStream.idOf(invite.type, invite.targetId));
    return state.status === 'unknown' ? null : state.ownerId;
  }
}

@CommandHandler(RecordTargetFactCommand)
export class RecordTargetFactHandler implements ICommandHandler<RecordTargetFactCommand, boolean> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly targets: TargetStream,
  ) {}

  /** True when the fact was new (recorded), false when it was known or stale. */
  async execute(command: RecordTargetFactCommand): Promise<boolean> {
    checkTargetFact(command);
    const { targetType, targetId, version, context } = command;
    const fact =
      command.fact.kind === 'snapshot'
        ? { ...command.fact, name: command.fact.name.trim() }
        : command.fact;
    const at = this.clock.now();
    const decision = await this.targets.decide(
      TargetStream.idOf(targetType, targetId),
      { kind: 'record', targetType, targetId, version, fact, at },
      metadataFor(context, at),
    );
    return decision.appended !== null;
  }
}

/**
 * A preview for anyone who has the code, signed in or not. Unknown, deleted, expired and
 * used-up codes all answer INVITE_NOT_FOUND, and every lookup counts against the address (and
 * the account) before anything is read, so codes cannot be enumerated.
 */
@QueryHandler(LookupInviteQuery)
export class LookupInviteHandler implements IQueryHandler<LookupInviteQuery, InvitePreviewView> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reads: InvitePreviews,
    private readonly limits: RateLimits,
  ) {}

  async execute(query: LookupInviteQuery): Promise<InvitePreviewView> {
    await this.limits.enforce('invite-lookup', {
      address: query.context.clientIp,
      account: query.viewerId,
    });
    if (!isInviteCode(query.code)) throw new AuthError('INVITE_NOT_FOUND');
    await this.reads.caughtUp();
    const invite = await this.reads.readModels.getInvite(query.code);
    if (!invite || !inviteIsLive(invite, this.clock.now())) throw new AuthError('INVITE_NOT_FOUND');
    const preview = await this.reads.preview(invite);
    if (!preview) throw new AuthError('INVITE_NOT_FOUND');
    return preview;
  }
}

/** A target's live invites: all of them for its owner, one's own for a member who made some. */
@QueryHandler(ListInvitesQuery)
export class ListInvitesHandler implements IQueryHandler<ListInvitesQuery, InvitePreviewView[]> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reads: InvitePreviews,
  ) {}

  async execute(query: ListInvitesQuery): Promise<InvitePreviewView[]> {
    const { userId, type, targetId } = query;
    let ownerId: string;
    if (type === 'user') {
      if (targetId !== userId) throw new AuthError('PERMISSION_DENIED', "another user's invites");
      ownerId = userId;
    } else {
      await this.reads.caughtUp();
      const target = await this.reads.target(type, targetId);
      if (!target) throw new AuthError('NOT_FOUND', 'no such chat');
      ownerId = target.ownerId;
    }
    await this.reads.caughtUp();
    const now = this.clock.now();
    const invites = (await this.reads.readModels.listInvitesByTarget(type, targetId)).filter(
      (invite) => inviteIsLive(invite, now) && (userId === ownerId || invite.creatorId === userId),
    );
    const users = new Map();
    const previews = await Promise.all(invites.map((invite) => this.reads.preview(invite, users)));
    return previews.filter((preview): preview is InvitePreviewView => preview !== null);
  }
}
