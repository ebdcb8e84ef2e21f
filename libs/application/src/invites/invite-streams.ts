import { Inject, Injectable } from '@nestjs/common';
import type { InviteEvent, TargetEvent, TargetType } from '@tangle/contracts';
import {
  inviteDecider,
  targetDecider,
  type InviteCommand,
  type InviteState,
  type TargetCommand,
  type TargetState,
} from '@tangle/domain';
import { EVENT_STORE, type EventStore } from '../ports';
import { DecidedStream } from '../shared/decided-stream';

/** `invite-<code>` streams, decided on the stream itself (no cache: each is small and short-lived). */
@Injectable()
export class InviteStream extends DecidedStream<InviteCommand, InviteState, InviteEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, 'invite', inviteDecider);
  }
}

/** `target-<type>-<id>` streams: what the owning services told this one of their communities and groups. */
@Injectable()
export class TargetStream extends DecidedStream<TargetCommand, TargetState, TargetEvent> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, 'target', targetDecider);
  }

  static idOf(targetType: TargetType, targetId: string): string {
    return `${targetType}-${targetId}`;
  }
}

/** The bounds on new invites (INVITE_MAX_LIFETIME_MS, INVITE_MAX_USES). */
export interface InviteSettings {
  maxLifetimeMs: number;
  maxUses: number;
}
export const INVITE_SETTINGS = Symbol('InviteSettings');
