import { comparePositions, type GlobalPosition } from '../ports';

interface Waiter {
  readonly position: GlobalPosition;
  readonly deadline: number;
  settle(reached: boolean): void;
}

/**
 * Waits for a checkpoint read elsewhere (the read models of an external projector) to pass
 * positions. One poll per interval serves every waiter of the process: the timer runs while
 * someone waits and stops when no one does, so N concurrent queries cost one checkpoint read
 * per interval, not N.
 */
export class CheckpointPoller {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private last: GlobalPosition | null = null;

  constructor(
    private readonly readCheckpoint: () => Promise<GlobalPosition | null>,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waiters now; for tests and gauges. */
  get waiting(): number {
    return this.waiters.size;
  }

  /**
   * True once the checkpoint is at or past `position` (at once if the last poll saw it), false
   * when `timeoutMs` passes first.
   */
  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    if (this.last !== null && comparePositions(this.last, position) >= 0) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        deadline: this.now() + Math.max(0, timeoutMs),
        settle: (reached) => {
          this.waiters.delete(waiter);
          if (this.waiters.size === 0) this.stopTimer();
          resolve(reached);
        },
      };
      this.waiters.add(waiter);
      // The first waiter polls at once; later ones share the running timer.
      if (this.timer === null) void this.poll();
    });
  }

  /** Settles every waiter with false and stops polling. */
  stop(): void {
    for (const waiter of [...this.waiters]) waiter.settle(false);
    this.stopTimer();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    this.stopTimer();
    try {
      const checkpoint = await this.readCheckpoint();
      if (
        checkpoint !== null &&
        (this.last === null || comparePositions(checkpoint, this.last) > 0)
      ) {
        this.last = checkpoint;
      }
    } catch {
      // A failed read: the waiters keep waiting, up to their deadlines.
    } finally {
      this.polling = false;
    }
    const now = this.now();
    for (const waiter of [...this.waiters]) {
      if (this.last !== null && comparePositions(this.last, waiter.position) >= 0) {
        waiter.settle(true);
      } else if (now >= waiter.deadline) {
        waiter.settle(false);
      }
    }
    if (this.waiters.size > 0 && this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.poll();
      }, this.intervalMs);
    }
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
