import { Inject, Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  READ_MODEL_PROGRESS,
  READ_MODEL_STORE,
  type ReadModelProgress,
  type ReadModelQueries,
  type SessionView,
} from '../ports';
import { WRITE_WATERMARK, type WriteWatermark } from '../shared/write-watermark';
import { GetSessionsQuery } from './get-sessions.query';

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
  ) {}

  async execute(query: GetSessionsQuery): Promise<SessionList> {
    const after = this.writes.latest;
    if (after && !(await this.progress.waitFor(after, this.timeoutMs))) {
      // Answer with what the read model has rather than fail; say so in the log.
      this.logger.warn(`sessions read model still behind after ${this.timeoutMs} ms`);
    }
    const sessions = await this.readModels.listActiveSessions(query.userId);
    return { sessions, current: query.currentSessionId };
  }
}
