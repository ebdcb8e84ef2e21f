import type { GlobalPosition } from '@tangle/application';

/**
 * A replay's progress as an operator reads it: events done, their rate, and the time left,
 * estimated from how far the last position is between the first and the log's end when the
 * replay began (positions grow with the log on both stores, so the share is a fair guess).
 */
export class ReplayProgress {
  private first: GlobalPosition | null = null;
  private lastReport = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly end: GlobalPosition | null,
    private readonly report: (line: string) => void,
    private readonly everyMs = 2_000,
    private readonly now: () => number = Date.now,
    private readonly started = now(),
  ) {}

  update(progress: { events: number; position: GlobalPosition }, final = false): void {
    this.first ??= progress.position;
    const now = this.now();
    if (!final && now - this.lastReport < this.everyMs) return;
    this.lastReport = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = Math.round(progress.events / seconds);
    let line = `replay: ${progress.events} events, ${rate}/s`;
    const share = this.share(progress.position);
    if (share !== null && !final) {
      const left = share > 0 ? (seconds * (1 - share)) / share : null;
      line += `, ${Math.floor(share * 100)}%`;
      if (left !== null) line += `, about ${Math.ceil(left)} s left`;
    }
    this.report(line);
  }

  private share(position: GlobalPosition): number | null {
    if (this.end === null || this.first === null) return null;
    const span = this.end.commit - this.first.commit;
    if (span <= 0n) return 1;
    const done = position.commit - this.first.commit;
    return Math.min(1, Math.max(0, Number((done * 10_000n) / span) / 10_000));
  }
}
