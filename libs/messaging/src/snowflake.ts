import Long from 'long';

const DECIMAL = /^\d{1,20}$/;

/** A snowflake id (decimal string) as the unsigned Long that a fixed64 field holds. */
export function snowflakeToLong(id: string): Long {
  if (!DECIMAL.test(id)) throw new RangeError(`Not a snowflake id: ${JSON.stringify(id)}`);
  const value = Long.fromString(id, true);
  if (value.toString() !== id.replace(/^0+(?=\d)/, '')) {
    throw new RangeError(`Snowflake id out of range: ${id}`);
  }
  return value;
}

/** A fixed64 field (Long, or a number for small values) back to its decimal string. */
export function longToDecimal(value: Long | number): string {
  return typeof value === 'number' ? String(value) : Long.fromValue(value).toUnsigned().toString();
}

/** Unix ms as a fixed64. */
export function millisToLong(ms: number): Long {
  return Long.fromNumber(ms, true);
}

export function longToMillis(value: Long | number): number {
  return typeof value === 'number' ? value : Long.fromValue(value).toNumber();
}
