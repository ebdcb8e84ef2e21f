import type { AllSubscription, AllSubscriptionOptions, RecordedEvent } from '@tangle/application';
import { reportError } from '../report-error';

/** Where a subscription reads from: the events strictly after a position, in position order. */
export interface EventPageSource {
  readPage(afterPosition: bigint, limit: number): RecordedEvent[];
}

const PAGE_SIZE = 500;

/**
 * Reads pages from the checkpoint until a short page (caught up), then waits for a change:
 * a commit through the same store wakes it at once; commits by other connections are found
 * by polling, since SQLite has no cross-process notification.
 */
export class SqliteAllSubscription implements AllSubscription {
  private stopping = false;
  private changed = true;
  private wake: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly source: EventPageSource,
    private readonly options: AllSubscriptionOptions,
    private readonly pollIntervalMs: number,
    onEnd: () => void,
  ) {
    // Start on a later tick so no callback runs before subscribeToAll has returned.
    this.done = Promise.resolve()
      .then(() => this.run())
      .finally(onEnd);
  }

  /** Something was committed: look again now rather than at the next poll. */
  notify(): void {
    this.changed = true;
    this.wake?.();
  }

  stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    return this.done;
  }

  private async run(): Promise<void> {
    let checkpoint = this.options.after?.commit ?? 0n;
    let caughtUp = false;
    try {
      while (!this.stopping) {
        this.changed = false;
        const page = this.source.readPage(checkpoint, PAGE_SIZE);
        for (const event of page) {
          if (this.stopping) return;
          await this.options.onEvent(event);
          checkpoint = event.position.commit;
        }
        if (page.length === PAGE_SIZE) continue;
        if (!caughtUp) {
          caughtUp = true;
          this.options.onCaughtUp?.();
        }
        await this.waitForChange();
      }
    } catch (error) {
      this.stopping = true;
      reportError(this.options, error);
    }
  }

  private waitForChange(): Promise<void> {
    if (this.changed || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      timer = setTimeout(wake, this.pollIntervalMs);
      this.wake = wake;
    });
  }
}
