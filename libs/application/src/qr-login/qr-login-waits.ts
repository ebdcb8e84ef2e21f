import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { idOf, QrLoginRequested } from '@tangle/contracts';
import type { RecordedEvent } from '../ports';

/** Long polls waiting at once in this process; past it a poll answers at once. */
export const MAX_QR_WAITS = 1_000;
/** Long polls waiting on one ticket; past it a poll answers at once. */
export const MAX_QR_WAITS_PER_TICKET = 4;

/**
 * The long poll of QR logins: a poll of a pending ticket waits here until something happens
 * to the ticket or its time is up. It follows the `qr` streams through the process's $all
 * subscription, so an approval made on any instance wakes the polls waiting on this one.
 * Bounded in all and per ticket: a crowd of polls costs timers, never unbounded memory.
 */
@Injectable()
export class QrLoginWaits implements OnApplicationShutdown {
  private readonly waiting = new Map<string, Set<() => void>>();
  private count = 0;

  /** Resolves when the ticket changes, after `ms`, or at once when too many are waiting. */
  wait(ticketId: string, ms: number): Promise<void> {
    const waiters = this.waiting.get(ticketId) ?? new Set<() => void>();
    if (ms <= 0 || this.count >= MAX_QR_WAITS || waiters.size >= MAX_QR_WAITS_PER_TICKET) {
      return Promise.resolve();
    }
    this.waiting.set(ticketId, waiters);
    this.count++;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (waiters.delete(done)) this.count--;
        if (waiters.size === 0 && this.waiting.get(ticketId) === waiters) {
          this.waiting.delete(ticketId);
        }
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  }

  /** The $all follower's route for the `qr` category. */
  apply(event: RecordedEvent): void {
    if (event.type === QrLoginRequested) return;
    this.wake(idOf(event.streamId));
  }

  /** Wakes the polls of one ticket (they then read its stream). */
  wake(ticketId: string): void {
    for (const done of [...(this.waiting.get(ticketId) ?? [])]) done();
  }

  get size(): number {
    return this.count;
  }

  onApplicationShutdown(): void {
    for (const ticketId of [...this.waiting.keys()]) this.wake(ticketId);
  }
}
