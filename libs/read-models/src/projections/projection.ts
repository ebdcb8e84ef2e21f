import { comparePositions, type GlobalPosition, type RecordedEvent } from '@tangle/application';

/** What every read-model document carries: the position of the last event applied to it. */
export interface Positioned {
  lastPosition: GlobalPosition;
}

/** A pure projection of events into documents of one read model. */
export interface Projection<D extends Positioned> {
  /** The id of the document the event belongs to, or null when this model ignores the event. */
  keyOf(event: RecordedEvent): string | null;
  /**
   * The document after the event. Returns `current` itself (the same reference) when the event
   * changes nothing, in particular when it is at or before `current.lastPosition`.
   */
  project(current: D | null, event: RecordedEvent): D | null;
}

/** True when the event was already applied to the document (idempotence guard). */
export function alreadyApplied(current: Positioned | null, event: RecordedEvent): boolean {
  return current !== null && comparePositions(event.position, current.lastPosition) <= 0;
}
