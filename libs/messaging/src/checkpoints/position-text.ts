import type { GlobalPosition } from '@tangle/application';

/** A position as `commit/prepare` in decimal: exact for any 64-bit value, readable by operators. */
export function positionToText(position: GlobalPosition): string {
  if (position.commit < 0n || position.prepare < 0n) {
    throw new RangeError(`Negative position: ${position.commit}/${position.prepare}`);
  }
  return `${position.commit}/${position.prepare}`;
}

export function positionFromText(text: string): GlobalPosition {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`Not a checkpoint position: ${JSON.stringify(text)}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
