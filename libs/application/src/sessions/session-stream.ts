import { Inject, Injectable } from '@nestjs/common';
import {
  SessionRevoked,
  type EventMetadata,
  type SessionEvent,
  type SessionRevocationReason,
} from '@tangle/contracts';
import { sessionDecider, type SessionCommand, type SessionState } from '@tangle/domain';
import { EVENT_STORE, type EventStore } from '../ports';
import { AccountStream } from '../accounts/account-stream';
import {
  DecidedStream,
  type CommandFor,
  type Decision,
  type StreamState,
} from '../shared/decided-stream';
import { KeyedSerializer } from '../shared/keyed-serializer';
import { SESSION_CACHE, type SessionCache } from './session-cache';

/**
 * `session-<sessionId>` streams, decided on the cached state. Every revocation, whatever path
 * asked for it (sign-out, revoking one or all, a password reset or change, a refresh-token
 * replay), is followed by `unlink-session` on the owner's account stream, so the account keeps
 * only its active sessions. The session's own stream is written first: a crash in between
 * leaves the account counting a revoked session until its end or the next revocation of it,
 * which unlinks it (revoking a session already revoked still unlinks).
 */
@Injectable()
export class SessionStream extends DecidedStream<SessionCommand, SessionState, SessionEvent> {
  /** Unlinks of one account take turns: a "revoke all" of many sessions conflicts with nothing. */
  private readonly unlinks = new KeyedSerializer();

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SESSION_CACHE) cache: SessionCache,
    private readonly accounts: AccountStream,
  ) {
    super(store, 'session', sessionDecider, cache);
  }

  override async decide(
    id: string,
    command: CommandFor<SessionCommand, SessionState>,
    metadata: EventMetadata,
    known?: StreamState<SessionState>,
  ): Promise<Decision<SessionState, SessionEvent>> {
    const asked = typeof command === 'function' ? null : command;
    // A revoke answered NOT_FOUND unlinks nothing: the session may be starting right now (its
    // link appended, its stream not yet), and the account must keep it for the next reset.
    const decision = await super.decide(id, command, metadata, known);
    const revoked = decision.events.find(
      (event): event is Extract<SessionEvent, { type: typeof SessionRevoked }> =>
        event.type === SessionRevoked,
    );
    if (revoked) {
      const { userId, reason, at } = revoked.data;
      await this.unlink(userId, id, reason, at, metadata);
    } else if (asked?.kind === 'revoke' && decision.state.status === 'revoked') {
      await this.unlink(decision.state.userId, id, asked.reason, asked.at, metadata);
    }
    return decision;
  }

  private unlink(
    userId: string,
    sessionId: string,
    reason: SessionRevocationReason,
    at: number,
    metadata: EventMetadata,
  ): Promise<unknown> {
    return this.unlinks.run(userId, () =>
      this.accounts.decide(userId, { kind: 'unlink-session', sessionId, reason, at }, metadata),
    );
  }
}
