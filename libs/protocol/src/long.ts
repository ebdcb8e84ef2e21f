import Long from 'long';

/**
 * Conversions between protobufjs `Long` (fixed64 fields, always unsigned here) and the decimal
 * strings / bigints the application uses for snowflakes. All conversions are exact over the whole
 * unsigned 64-bit range; anything that cannot be represented exactly throws a RangeError.
 */

const MAX_U64 = (1n << 64n) - 1n;
const DECIMAL = /^\d{1,20}$/;
const U32 = 0x1_0000_0000;

export type LongLike = Long | number;

/** A decimal string that fits an unsigned 64-bit integer. */
export function isDecimalU64(value: string): boolean {
  return DECIMAL.test(value) && (value.length < 20 || BigInt(value) <= MAX_U64);
}

/** Parses a decimal snowflake string into an unsigned Long. */
export function longFromDecimal(value: string): Long {
  if (!DECIMAL.test(value)) throw new RangeError(`not an unsigned decimal integer: ${value}`);
  // 15 digits always fit a double exactly, which skips the bigint path for most timestamps.
  if (value.length <= 15) return longFromNumber(Number(value));
  return longFromBigInt(BigInt(value));
}

/** Formats a fixed64 value as its unsigned decimal string. */
export function longToDecimal(value: LongLike): string {
  if (typeof value === 'number') return String(checkSafe(value));
  return unsigned(value).toString(10);
}

export function longFromBigInt(value: bigint): Long {
  if (value < 0n || value > MAX_U64) throw new RangeError(`out of unsigned 64-bit range: ${value}`);
  return Long.fromBits(Number(value & 0xffff_ffffn) | 0, Number(value >> 32n) | 0, true);
}

export function longToBigInt(value: LongLike): bigint {
  if (typeof value === 'number') return BigInt(checkSafe(value));
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

/** For small fixed64 values such as unix timestamps. */
export function longFromNumber(value: number): Long {
  checkSafe(value);
  return Long.fromBits((value % U32) | 0, Math.floor(value / U32) | 0, true);
}

/** For small fixed64 values such as unix timestamps; throws above Number.MAX_SAFE_INTEGER. */
export function longToNumber(value: LongLike): number {
  if (typeof value === 'number') return checkSafe(value);
  const high = value.high >>> 0;
  if (high > 0x1f_ffff) throw new RangeError(`not a safe integer: ${longToDecimal(value)}`);
  return high * U32 + (value.low >>> 0);
}

function unsigned(value: Long): Long {
  return value.unsigned ? value : Long.fromBits(value.low, value.high, true);
}

function checkSafe(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`not an exact unsigned 64-bit value: ${value}`);
  }
  return value;
}
