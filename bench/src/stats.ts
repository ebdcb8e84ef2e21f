/** Latency samples in ms, kept in a growing Float64Array up to a fixed cap (bounded memory). */
export class LatencyRecorder {
  private samples = new Float64Array(16_384);
  private length = 0;
  /** Operations counted, including those past the sample cap. */
  count = 0;

  constructor(private readonly maxSamples = 4_000_000) {}

  record(ms: number): void {
    this.count += 1;
    if (this.length === this.samples.length) {
      if (this.length >= this.maxSamples) return;
      const grown = new Float64Array(Math.min(this.samples.length * 2, this.maxSamples));
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.length++] = ms;
  }

  summary(): LatencySummary {
    const sorted = this.samples.slice(0, this.length).sort();
    return {
      samples: this.length,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.length > 0 ? sorted[sorted.length - 1] : null,
    };
  }
}

export interface LatencySummary {
  samples: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Nearest-rank percentile of ascending samples; null when there are none. */
export function percentile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function ratio(value: number | null, reference: number | null): number | null {
  if (value === null || reference === null || reference === 0) return null;
  return value / reference;
}

/**
 * For a row measured in rounds alternating with its reference: the median of the per-round
 * ratios, each round against the reference slice run with it (R S R S … R: the mean of the
 * slices either side). A stall of the machine during one round moves it less than the totals
 * would. Null when the rounds do not pair up.
 */
export function pairedRatio(rounds?: number[], referenceRounds?: number[]): number | null {
  if (!rounds || !referenceRounds || rounds.length === 0) return null;
  let ratios: number[];
  if (referenceRounds.length === rounds.length + 1) {
    ratios = rounds.map((rate, i) => rate / ((referenceRounds[i] + referenceRounds[i + 1]) / 2));
  } else if (referenceRounds.length === rounds.length) {
    ratios = rounds.map((rate, i) => rate / referenceRounds[i]);
  } else {
    return null;
  }
  return median(ratios);
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Completions per second between the first and the last of them (times in ms). */
export function arrivalRate(times: number[]): number {
  if (times.length < 2) return 0;
  const span = Math.max(...times) - Math.min(...times);
  return span > 0 ? ((times.length - 1) / span) * 1000 : 0;
}
