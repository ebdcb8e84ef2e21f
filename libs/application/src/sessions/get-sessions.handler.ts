import { Inject, Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  CLOCK,
  type Clock,
  READ_MODEL_PROGRESS,
  READ_MODEL_STORE,
  type ReadModelProgress,
  type ReadModelQueries,
  type SessionView,
} from '../ports';
import { WRITE_WATERMARK, type WriteWatermark } from '../shared/write-watermark';
import { GetSessionsQuery } from './get-sessions.query';
import { SESSION_CACHE, type SessionCache } from './session-cache';
import { SESSION_POLICY, sessionIsLive, type SessionPolicy } from './session-policy';

export const READ_YOUR_WRITES_TIMEOUT = Symbol('ReadYourWritesTimeoutMs');

export interface SessionList {
  sessions: SessionView[];
  current: string;
}

@QueryHandler(GetSessionsQuery)
export class GetSessionsHandler implements IQueryHandler<GetSessionsQuery, SessionList> {
  private readonly logger = new Logger('GetSessions');

  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelQueries,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(READ_YOUR_WRITES_TIMEOUT) private readonly timeoutMs: number,
    @Inject(WRITE_WATERMARK) private readonly writes: WriteWatermark,
    @Inject(SESSION_CACHE) private readonly states: SessionCache,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_POLICY) private readonly policy: SessionPolicy,
  ) {}

  async execute(query: GetSessionsQuery): Promise<SessionList> {
    const after = this.writes.latest;
    if (after && !(await this.progress.waitFor(after, this.timeoutMs))) {
      // Answer with what the read model has rather than fail; say so in the log.
      this.logger.warn(`sessions read model still behind after ${this.timeoutMs} ms`);
    }
    const listed = await this.readModels.listActiveSessions(query.userId);
    // Sessions end by time too (their end, idleness), which no event marks: the
    // decision state says which of the listed ones still live.
    const now = this.clock.now();
    const live = await Promise.all(
      listed.map(async (view) => {
        const state = this.states.peek(view.sessionId) ?? (await this.states.get(view.sessionId));
        return sessionIsLive(state, now, this.policy);
      }),
    );
    const sessions = listed.filter((_, i) => live[i]);
    return { sessions, current: query.currentSessionId };
  }
}
