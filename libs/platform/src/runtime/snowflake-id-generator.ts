import type { Clock, IdGenerator } from '@tangle/application';

/** 2024-01-01T00:00:00Z: ids stay positive in a signed 64-bit integer until 2093. */
export const SNOWFLAKE_EPOCH_MS = 1_704_067_200_000;
const WORKER_BITS = 10n;
const SEQUENCE_BITS = 12n;
const MAX_SEQUENCE = (1 << Number(SEQUENCE_BITS)) - 1;
export const MAX_WORKER_ID = (1 << Number(WORKER_BITS)) - 1;

/**
 * Snowflake ids: 41 bits of milliseconds since the epoch, 10 bits of worker id
 * (from configuration: unique per running instance), 12 bits of sequence.
 * If the clock steps back, the generator keeps using its last timestamp, so ids
 * never repeat and stay increasing within a worker.
 */
export class SnowflakeIdGenerator implements IdGenerator {
  private lastMs = -1;
  private sequence = 0;

  constructor(
    private readonly workerId: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(workerId) || workerId < 0 || workerId > MAX_WORKER_ID) {
      throw new Error(`worker id must be an integer from 0 to ${MAX_WORKER_ID}`);
    }
  }

  nextId(): string {
    let ms = Math.max(this.clock.now() - SNOWFLAKE_EPOCH_MS, this.lastMs);
    if (ms === this.lastMs) {
      this.sequence++;
      if (this.sequence > MAX_SEQUENCE) {
        // 4,096 ids in one millisecond: borrow the next millisecond.
        ms++;
        this.sequence = 0;
      }
    } else {
      this.sequence = 0;
    }
    this.lastMs = ms;
    const id =
      (BigInt(ms) << (WORKER_BITS + SEQUENCE_BITS)) |
      (BigInt(this.workerId) << SEQUENCE_BITS) |
      BigInt(this.sequence);
    return id.toString();
  }
}

export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> (WORKER_BITS + SEQUENCE_BITS)) + SNOWFLAKE_EPOCH_MS;
}
