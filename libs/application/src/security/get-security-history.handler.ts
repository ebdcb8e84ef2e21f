import { Inject, Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import {
  READ_MODEL_PROGRESS,
  READ_MODEL_STORE,
  type ReadModelProgress,
  type ReadModelQueries,
} from '../ports';
import { RateLimits } from '../limits/rate-limits';
import { READ_YOUR_WRITES_TIMEOUT } from '../sessions/get-sessions.handler';
import { WRITE_WATERMARK, type WriteWatermark } from '../shared/write-watermark';
import { GetSecurityHistoryQuery, type SecurityHistoryPage } from './get-security-history.query';
import {
  HISTORY_MAX_PAGE_SIZE,
  decodeHistoryCursor,
  encodeHistoryCursor,
} from './security-history-cursor';

/**
 * Reads the security-history read model after it has passed this process's last write, so a
 * client sees its own sign-ins and revocations at once. The caller's user id comes from their
 * session, never from the request: there is no way to name another account.
 */
@QueryHandler(GetSecurityHistoryQuery)
export class GetSecurityHistoryHandler implements IQueryHandler<
  GetSecurityHistoryQuery,
  SecurityHistoryPage
> {
  private readonly logger = new Logger('SecurityHistory');

  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelQueries,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(READ_YOUR_WRITES_TIMEOUT) private readonly timeoutMs: number,
    @Inject(WRITE_WATERMARK) private readonly writes: WriteWatermark,
    private readonly limits: RateLimits,
  ) {}

  async execute(query: GetSecurityHistoryQuery): Promise<SecurityHistoryPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > HISTORY_MAX_PAGE_SIZE) {
      throw new AuthError(
        'INVALID_ARGUMENT',
        `limit must be a whole number from 1 to ${HISTORY_MAX_PAGE_SIZE}`,
      );
    }
    const before = query.cursor === null ? null : decodeHistoryCursor(query.cursor);
    await this.limits.enforce('security-history', { address: query.clientIp, account: null });
    const after = this.writes.latest;
    if (after && !(await this.progress.waitFor(after, this.timeoutMs))) {
      this.logger.warn(`security history still behind after ${this.timeoutMs} ms`);
    }
    // One more than asked: whether an older page exists, without a second query.
    const found = await this.readModels.listSecurityHistory(query.userId, {
      before,
      limit: query.limit + 1,
    });
    const entries = found.slice(0, query.limit);
    const more = found.length > query.limit;
    return {
      entries,
      nextCursor: more ? encodeHistoryCursor(entries[entries.length - 1].position) : null,
    };
  }
}
