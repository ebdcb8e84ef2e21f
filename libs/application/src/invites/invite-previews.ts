import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InviteType } from '@tangle/contracts';
import {
  READ_MODEL_PROGRESS,
  READ_MODEL_STORE,
  type InviteView,
  type ReadModelProgress,
  type ReadModelQueries,
  type TargetView,
} from '../ports';
import { READ_YOUR_WRITES_TIMEOUT } from '../sessions/get-sessions.handler';
import { WRITE_WATERMARK, type WriteWatermark } from '../shared/write-watermark';
import type { InvitePreviewView, InviteTargetInfo, InviteUser } from './invite.queries';

/** Reads for invite queries: the read models, once they have this process's own writes. */
@Injectable()
export class InvitePreviews {
  private readonly logger = new Logger('Invites');

  constructor(
    @Inject(READ_MODEL_STORE) readonly readModels: ReadModelQueries,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(READ_YOUR_WRITES_TIMEOUT) private readonly timeoutMs: number,
    @Inject(WRITE_WATERMARK) private readonly writes: WriteWatermark,
  ) {}

  /** Waits (bounded) for the read models to pass this process's last write. */
  async caughtUp(): Promise<void> {
    const after = this.writes.latest;
    if (after && !(await this.progress.waitFor(after, this.timeoutMs))) {
      this.logger.warn(`invites read model still behind after ${this.timeoutMs} ms`);
    }
  }

  async target(type: InviteType, targetId: string): Promise<TargetView | null> {
    if (type === 'user') return null;
    const target = await this.readModels.getTarget(type, targetId);
    return target && !target.deleted ? target : null;
  }

  /** The preview of an invite, or null when its target is gone. */
  async preview(
    invite: InviteView,
    users: Map<string, InviteUser | null> = new Map(),
  ): Promise<InvitePreviewView | null> {
    const creator = await this.user(invite.creatorId, users);
    let targetInfo: InviteTargetInfo;
    if (invite.type === 'user') {
      const user = await this.user(invite.targetId, users);
      if (!user) return null;
      targetInfo = { kind: 'user', user };
    } else {
      const target = await this.target(invite.type, invite.targetId);
      if (!target) return null;
      targetInfo = { kind: invite.type, target };
    }
    return { invite, creator, targetInfo };
  }

  private async user(
    userId: string,
    users: Map<string, InviteUser | null>,
  ): Promise<InviteUser | null> {
    if (users.has(userId)) return users.get(userId) ?? null;
    const view = await this.readModels.getUser(userId);
    const user = view ? { userId: view.userId, name: view.name } : null;
    users.set(userId, user);
    return user;
  }
}
