import { comparePositions, type GlobalPosition, type RecordedEvent } from '@tangle/application';
import type { Positioned, Projection } from './projection';

/**
 * Runs a projection over a batch, loading each document at most once, and returns the final
 * state of every document the batch changed (to be written once per batch).
 */
export function projectBatch<D extends Positioned>(
  projection: Projection<D>,
  events: readonly RecordedEvent[],
  load: (key: string) => D | null,
): Map<string, D> {
  const current = new Map<string, D | null>();
  const changed = new Map<string, D>();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    const before = current.has(key) ? (current.get(key) ?? null) : load(key);
    const after = projection.project(before, event);
    current.set(key, after);
    if (after !== before && after !== null) changed.set(key, after);
  }
  return changed;
}

/** The keys of the documents a batch touches, in first-seen order. */
export function keysOf<D extends Positioned>(
  projection: Projection<D>,
  events: readonly RecordedEvent[],
): string[] {
  const keys = new Set<string>();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key !== null) keys.add(key);
  }
  return [...keys];
}

/** The highest position in the batch: the checkpoint it leads to. */
export function lastPositionOf(events: readonly RecordedEvent[]): GlobalPosition | null {
  let last: GlobalPosition | null = null;
  for (const { position } of events) {
    if (last === null || comparePositions(position, last) > 0) last = position;
  }
  return last;
}
