import {
  START,
  excludeSystemEvents,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import {
  comparePositions,
  type AllSubscription,
  type AllSubscriptionOptions,
  type GlobalPosition,
  type RecordedEvent,
} from '@tangle/application';
import { reportError } from '../report-error';
import { isSystemEvent, toRecordedEvent } from './esdb-mapping';

type ReadAllPage = (
  after: GlobalPosition | undefined,
  maxCount: number,
) => Promise<RecordedEvent[]>;

const PAGE_SIZE = 500;

/**
 * Catch-up is done with $all reads, page by page, and onCaughtUp is called when a page comes
 * back short; only then is a live server subscription opened from the last delivered position.
 * The server's own `caughtUp` message is not used: it needs EventStoreDB 23.10+ and the client
 * emits it out of band, ahead of events still buffered in the stream.
 */
export class EsdbAllSubscription implements AllSubscription {
  private stopping = false;
  private live: AllStreamSubscription | undefined;
  private liveClosed: Promise<void> | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly readAll: ReadAllPage,
    private readonly options: AllSubscriptionOptions,
    onEnd: () => void,
  ) {
    // Start on a later tick so no callback runs before subscribeToAll has returned.
    this.done = Promise.resolve()
      .then(() => this.run())
      .finally(onEnd);
  }

  stop(): Promise<void> {
    this.stopping = true;
    void this.closeLive();
    return this.done;
  }

  private async run(): Promise<void> {
    let checkpoint = this.options.after;
    try {
      for (;;) {
        const page = await this.readAll(checkpoint, PAGE_SIZE);
        for (const event of page) {
          if (this.stopping) return;
          await this.options.onEvent(event);
          checkpoint = event.position;
        }
        if (this.stopping) return;
        if (page.length < PAGE_SIZE) break;
      }
      this.options.onCaughtUp?.();
      if (this.stopping) return;

      // The subscription's start position is exclusive, as the port's checkpoint is.
      const live = this.client.subscribeToAll({
        fromPosition: checkpoint ?? START,
        filter: excludeSystemEvents(),
      });
      // Errors reach the loop through the iterator; this listener only keeps an error emitted
      // after the loop has ended from becoming an uncaught exception.
      live.on('error', () => undefined);
      this.live = live;
      if (this.stopping) return;

      for await (const resolved of live) {
        if (this.stopping) return;
        if (isSystemEvent(resolved)) continue;
        const event = toRecordedEvent(resolved);
        if (checkpoint !== undefined && comparePositions(event.position, checkpoint) <= 0) continue;
        await this.options.onEvent(event);
        checkpoint = event.position;
      }
      if (!this.stopping) throw new Error('EventStoreDB subscription to $all ended');
    } catch (error) {
      if (!this.stopping) {
        this.stopping = true;
        reportError(this.options, error);
      }
    } finally {
      await this.closeLive();
    }
  }

  private closeLive(): Promise<void> {
    const live = this.live;
    if (live === undefined) return Promise.resolve();
    this.liveClosed ??= live
      .unsubscribe()
      .catch(() => undefined)
      .then(() => {
        live.destroy();
      });
    return this.liveClosed;
  }
}
