import { SNOWFLAKE_EPOCH_MS, SnowflakeIdGenerator, snowflakeTime } from './snowflake-id-generator';

describe('snowflake ids', () => {
  it('encodes time, worker and sequence, increasing within a worker', () => {
    let now = SNOWFLAKE_EPOCH_MS + 1_000_000;
    const ids = new SnowflakeIdGenerator(5, { now: () => now });
    const a = BigInt(ids.nextId());
    const b = BigInt(ids.nextId());
    now += 1;
    const c = BigInt(ids.nextId());
    expect(b).toBe(a + 1n);
    expect(c).toBeGreaterThan(b);
    expect(Number((a >> 12n) & 1023n)).toBe(5);
    expect(snowflakeTime(a.toString())).toBe(SNOWFLAKE_EPOCH_MS + 1_000_000);
  });

  it('never repeats when the clock steps back or 4,096 ids share a millisecond', () => {
    let now = SNOWFLAKE_EPOCH_MS + 5_000;
    const ids = new SnowflakeIdGenerator(1, { now: () => now });
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(ids.nextId());
    now -= 3_000;
    let last = 0n;
    for (let i = 0; i < 100; i++) {
      const id = ids.nextId();
      seen.add(id);
      expect(BigInt(id)).toBeGreaterThan(last);
      last = BigInt(id);
    }
    expect(seen.size).toBe(10_100);
  });

  it('refuses a worker id outside 0..1023', () => {
    expect(() => new SnowflakeIdGenerator(1024, { now: () => 0 })).toThrow();
    expect(() => new SnowflakeIdGenerator(-1, { now: () => 0 })).toThrow();
  });
});
