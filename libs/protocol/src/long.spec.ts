import Long from 'long';
import {
  isDecimalU64,
  longFromBigInt,
  longFromDecimal,
  longFromNumber,
  longToBigInt,
  longToDecimal,
  longToNumber,
} from './long';

describe('long conversions', () => {
  it.each([
    '0',
    '1',
    '4294967295',
    '4294967296',
    '9007199254740991',
    '9007199254740992',
    '9007199254740993',
    '9223372036854775807',
    '9223372036854775808',
    '18446744073709551615',
    '1311768467463790320',
  ])('round-trips %s exactly through Long and bigint', (decimal) => {
    const long = longFromDecimal(decimal);
    expect(long.unsigned).toBe(true);
    expect(longToDecimal(long)).toBe(decimal);
    expect(longToBigInt(long)).toBe(BigInt(decimal));
    expect(longToDecimal(longFromBigInt(BigInt(decimal)))).toBe(decimal);
  });

  it('normalises leading zeros', () => {
    expect(longToDecimal(longFromDecimal('000042'))).toBe('42');
  });

  it.each(['', '-1', '1e3', '1.5', ' 1', '0x10', 'abc', '18446744073709551616', '1'.repeat(21)])(
    'rejects %p',
    (text) => {
      expect(isDecimalU64(text)).toBe(false);
      expect(() => longFromDecimal(text)).toThrow(RangeError);
    },
  );

  it('reads a signed Long as its unsigned value', () => {
    expect(longToDecimal(Long.fromInt(-1))).toBe('18446744073709551615');
    expect(longToBigInt(Long.fromInt(-1))).toBe(2n ** 64n - 1n);
  });

  it('accepts safe numbers and rejects inexact ones', () => {
    expect(longToDecimal(123)).toBe('123');
    expect(longToBigInt(2 ** 53 - 1)).toBe(2n ** 53n - 1n);
    expect(() => longToDecimal(2 ** 53)).toThrow(RangeError);
    expect(() => longToDecimal(-1)).toThrow(RangeError);
    expect(() => longToDecimal(1.5)).toThrow(RangeError);
  });

  it('converts timestamps through numbers', () => {
    expect(longToDecimal(longFromNumber(1_700_000_000))).toBe('1700000000');
    expect(longToNumber(longFromNumber(2 ** 53 - 1))).toBe(2 ** 53 - 1);
    expect(longToNumber(longFromDecimal('4294967296'))).toBe(4294967296);
    expect(() => longToNumber(longFromDecimal('9007199254740992'))).toThrow(RangeError);
    expect(() => longFromNumber(-1)).toThrow(RangeError);
    expect(() => longFromNumber(2 ** 53)).toThrow(RangeError);
  });

  it('rejects bigints out of range', () => {
    expect(() => longFromBigInt(-1n)).toThrow(RangeError);
    expect(() => longFromBigInt(2n ** 64n)).toThrow(RangeError);
  });

  it('round-trips random 64-bit values', () => {
    let x = 0x9e3779b97f4a7c15n;
    for (let i = 0; i < 2_000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
      const value = i % 2 ? x : x >> BigInt(i % 64);
      const decimal = value.toString();
      expect(isDecimalU64(decimal)).toBe(true);
      expect(longToDecimal(longFromDecimal(decimal))).toBe(decimal);
      expect(longToBigInt(longFromBigInt(value))).toBe(value);
      expect(longFromDecimal(decimal).toString()).toBe(decimal);
    }
  });
});
