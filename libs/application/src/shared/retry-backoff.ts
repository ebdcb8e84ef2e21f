/**
 * Exponential backoff for followers of $all that must never skip an event: the
 * delay doubles per attempt up to a ceiling, and every pending sleep can be cut
 * short (on stop) so shutdown never waits out a long delay.
 */
export class RetryBackoff {
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly firstDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  /** The delay before attempt `attempt + 1`, for `attempt` failures so far (from 1). */
  delayFor(attempt: number): number {
    return Math.min(this.firstDelayMs * 2 ** Math.min(attempt - 1, 20), this.maxDelayMs);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** Ends every pending sleep now. */
  wakeAll(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
