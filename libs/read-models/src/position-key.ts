import type { GlobalPosition } from '@tangle/application';

/** Digits of the largest unsigned 64-bit number: positions are at most that. */
const WIDTH = 20;
const LIMIT = 10n ** BigInt(WIDTH);

/**
 * Encodes a position as `cccc…:pppp…`, both parts zero-padded to 20 digits, so that plain
 * string order (SQLite TEXT, MongoDB's binary string order) is the order of comparePositions.
 * Exact for any bigint in [0, 10^20).
 */
export function encodePosition(position: GlobalPosition): string {
  return `${pad(position.commit)}:${pad(position.prepare)}`;
}

export function decodePosition(key: string): GlobalPosition {
  const match = /^(\d{20}):(\d{20})$/.exec(key);
  if (!match) throw new Error(`Not a position key: ${key}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

function pad(value: bigint): string {
  if (value < 0n || value >= LIMIT) throw new RangeError(`Position part out of range: ${value}`);
  return value.toString().padStart(WIDTH, '0');
}
