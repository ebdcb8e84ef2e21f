import * as argon2 from 'argon2';
import { OWASP_ARGON2ID } from '@tangle/platform';
import { peakRssMb, startPeakRssWindow } from './proc-memory';
import { measured, type Measured } from './rows';
import { LatencyRecorder } from './stats';

const PASSWORD = 'Bench-password-0';

/**
 * What SignIn cannot beat: raw argon2.verify of an OWASP-parameter hash on libuv's thread
 * pool, nothing else, closed loop with as many verifications in flight as the server gets.
 * Measured in slices between SignIn's rounds so both see the same noisy machine.
 */
export class Argon2Reference {
  private readonly latency = new LatencyRecorder();
  private readonly slices: number[] = [];
  private seconds = 0;
  private wrong = 0;
  private peakMb: number | null = null;

  private constructor(
    private readonly hash: string,
    private readonly concurrency: number,
    private readonly operation: 'verify' | 'hash',
  ) {}

  /**
   * `operation`: 'verify' (what SignIn costs) or 'hash' (what a password SignUp costs: a new
   * salt and the same argon2id work).
   */
  static async prepare(
    concurrency: number,
    operation: 'verify' | 'hash' = 'verify',
  ): Promise<Argon2Reference> {
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, ...OWASP_ARGON2ID });
    // One untimed verification per pool thread warms the pool up.
    await Promise.all(Array.from({ length: 4 }, () => argon2.verify(hash, PASSWORD)));
    return new Argon2Reference(hash, concurrency, operation);
  }

  private once(): Promise<boolean> {
    if (this.operation === 'verify') return argon2.verify(this.hash, PASSWORD);
    return argon2
      .hash(PASSWORD, { type: argon2.argon2id, ...OWASP_ARGON2ID })
      .then((hash) => hash.startsWith('$argon2id$'));
  }

  /**
   * Completions are counted as for the end-to-end loads: only those arriving in the window
   * after the warm-up; the verifications still running at its end finish uncounted.
   */
  async runSlice(warmupMs: number, durationMs: number): Promise<void> {
    startPeakRssWindow();
    const from = performance.now() + warmupMs;
    const until = from + durationMs;
    let counted = 0;
    const loop = async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        const ok = await this.once();
        const done = performance.now();
        if (done < from || done >= until) continue;
        counted += 1;
        if (!ok) this.wrong += 1;
        this.latency.record(done - sent);
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, loop));
    this.seconds += durationMs / 1000;
    this.slices.push(counted / (durationMs / 1000));
    this.peakMb = Math.max(this.peakMb ?? 0, peakRssMb() ?? 0) || null;
  }

  row(): Measured {
    const { p50Ms, p99Ms } = this.latency.summary();
    const hashing = this.operation === 'hash';
    return measured({
      id: hashing ? 'argon2-hash-reference' : 'argon2-reference',
      name: `argon2id ${this.operation}, reference (${this.concurrency} in flight)`,
      throughput: this.latency.count / this.seconds,
      unit: 'ops/s',
      p50Ms,
      p99Ms,
      peakRssMb: this.peakMb,
      rssOf: 'bench process',
      errors: this.wrong,
      rounds: this.slices,
      notes: [
        `m=${OWASP_ARGON2ID.memoryCost} KiB, t=${OWASP_ARGON2ID.timeCost}, p=${OWASP_ARGON2ID.parallelism}`,
      ],
    });
  }
}
