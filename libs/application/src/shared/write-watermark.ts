import {
  comparePositions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
} from '../ports';

/**
 * The position of the last event this process appended. Queries wait for the
 * read models to pass it, so any client of this process reads its own writes,
 * whichever connection or transport made them.
 */
export class WriteWatermark {
  private position: GlobalPosition | null = null;

  get latest(): GlobalPosition | null {
    return this.position;
  }

  /** An EventStore that reports every successful append to this watermark. */
  track(store: EventStore): EventStore {
    const append = async (
      streamId: string,
      events: readonly EventToAppend[],
      expected: ExpectedRevision,
    ): Promise<AppendResult> => {
      const result = await store.append(streamId, events, expected);
      this.advance(result.position);
      return result;
    };
    return Object.assign(Object.create(store) as EventStore, { append });
  }

  advance(position: GlobalPosition): void {
    if (!this.position || comparePositions(position, this.position) > 0) this.position = position;
  }
}

export const WRITE_WATERMARK = Symbol('WriteWatermark');
