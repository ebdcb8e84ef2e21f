import { comparePositions, type GlobalPosition } from '@tangle/application';
import { decodePosition, encodePosition } from './position-key';

describe('position keys', () => {
  const max = 2n ** 64n - 1n;

  it('round-trips positions exactly, up to 2^64 - 1', () => {
    const positions: GlobalPosition[] = [
      { commit: 0n, prepare: 0n },
      { commit: 2n ** 53n + 1n, prepare: 2n ** 53n + 3n },
      { commit: max, prepare: max },
    ];
    for (const position of positions) {
      expect(decodePosition(encodePosition(position))).toEqual(position);
    }
  });

  it('orders keys as comparePositions orders positions (commit, then prepare)', () => {
    const positions: GlobalPosition[] = [
      { commit: 10n, prepare: 9n },
      { commit: 9n, prepare: 100n },
      { commit: 10n, prepare: 10n },
      { commit: 2n ** 60n, prepare: 1n },
      { commit: 1n, prepare: 1n },
    ];
    const byPosition = [...positions].sort(comparePositions);
    const byKey = [...positions].sort((a, b) =>
      encodePosition(a) < encodePosition(b) ? -1 : encodePosition(a) > encodePosition(b) ? 1 : 0,
    );
    expect(byKey).toEqual(byPosition);
  });

  it('rejects parts that do not fit and keys that are malformed', () => {
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).toThrow(RangeError);
    expect(() => encodePosition({ commit: 0n, prepare: 10n ** 20n })).toThrow(RangeError);
    expect(() => decodePosition('12:34')).toThrow('Not a position key');
  });
});
