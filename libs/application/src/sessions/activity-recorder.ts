import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../ports';
import { metadataFor, type RequestContext } from '../shared/request-context';
import { SESSION_CACHE, type SessionCache } from './session-cache';
import { SessionStream } from './session-stream';

export const SESSION_ACTIVITY_INTERVAL = Symbol('SessionActivityIntervalMs');

/**
 * Moves a session's last_active when it is used, at most once per interval: the
 * check runs against the cached state with no I/O, and at most one write per
 * session is in flight, so a busy connection cannot flood the log.
 */
@Injectable()
export class ActivityRecorder {
  private readonly logger = new Logger('SessionActivity');
  private readonly inFlight = new Set<string>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
    private readonly stream: SessionStream,
    @Inject(SESSION_ACTIVITY_INTERVAL) private readonly intervalMs: number,
  ) {}

  touch(sessionId: string, context: RequestContext): void {
    const state = this.sessions.peek(sessionId);
    if (!state || state.status !== 'active' || this.inFlight.has(sessionId)) return;
    const now = this.clock.now();
    if (now - state.lastSeenAt < this.intervalMs) return;
    this.inFlight.add(sessionId);
    this.record(sessionId, now, context)
      .catch((error: unknown) =>
        this.logger.warn(`activity of session ${sessionId} not recorded: ${String(error)}`),
      )
      .finally(() => this.inFlight.delete(sessionId));
  }

  private async record(sessionId: string, now: number, context: RequestContext): Promise<void> {
    await this.stream.decide(
      sessionId,
      { kind: 'record-activity', at: now, minIntervalMs: this.intervalMs },
      metadataFor(context, now),
    );
  }
}
