import { medianOfRounds } from './http-authorize.bench';
import type { LoadResult } from './osmium-load';
import { median, pairedRatio } from './stats';

function round(throughput: number, p50Ms: number, p99Ms: number, errors = 0): LoadResult {
  return {
    completed: throughput * 2,
    errors,
    errorCodes: errors > 0 ? { '500': errors } : {},
    seconds: 2,
    throughput,
    latency: { samples: throughput * 2, p50Ms, p99Ms, maxMs: p99Ms * 2 },
    droppedConnections: 0,
    windowsUs: [[throughput, throughput + 1]],
  };
}

describe('medianOfRounds', () => {
  it("takes the median of the rounds' throughputs and percentiles, each on its own", () => {
    const combined = medianOfRounds([
      round(9_000, 3, 40), // a stalled round: its p99 does not decide
      round(11_000, 2.8, 8),
      round(12_000, 2.5, 7),
      round(10_500, 3.1, 9, 2),
      round(11_500, 2.6, 6),
    ]);
    expect(combined.throughput).toBe(11_000);
    expect(combined.latency.p50Ms).toBe(2.8);
    expect(combined.latency.p99Ms).toBe(8);
    expect(combined.errors).toBe(2);
    expect(combined.errorCodes).toEqual({ '500': 2 });
    expect(combined.seconds).toBe(10);
    expect(combined.windowsUs).toHaveLength(5);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('is what pairedRatio reports of the per-round ratios', () => {
    expect(pairedRatio([10, 20, 30], [10, 10, 10])).toBe(2);
  });
});
