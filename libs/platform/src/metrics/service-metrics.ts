import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where a request came in. */
export type Transport = 'ws' | 'http';

/** A gauge read at scrape time: a number, or null when there is nothing to report. */
export type GaugeReading = () => number | null | Promise<number | null>;

const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/**
 * The service's Prometheus metrics, on a registry of its own (never prom-client's global one, so
 * two instances in one process, as in tests, do not collide). Requests are counted and timed by
 * transport, method and outcome (`OK` or the error's catalogue name) in one histogram; the
 * other figures are gauges read when scraped.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'transport' | 'method' | 'code'>;
  private readonly skipped: Counter<'follower' | 'reason'>;
  /**
   * Counts the events a follower of $all passed by, by follower (`stream-caches`,
   * `projections`, `relay`) and reason (`foreign_stream`, `not_json`).
   */
  readonly skippedEvents = {
    skipped: (follower: string, reason: string): void => {
      this.skipped.inc({ follower, reason });
    },
  };

  constructor(options: { processMetrics?: boolean } = {}) {
    this.requests = new Histogram({
      name: 'tangle_requests_seconds',
      help: 'Requests by transport, method (an Osmium method, or an HTTP route) and outcome code',
      labelNames: ['transport', 'method', 'code'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    this.skipped = new Counter({
      name: 'tangle_events_skipped_total',
      help: 'Events of $all a follower passed by: another service stream, or data that is not JSON',
      labelNames: ['follower', 'reason'],
      registers: [this.registry],
    });
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: 'tangle_' });
    }
  }

  /** Records one request that took `seconds` and ended with `code`. */
  observe(transport: Transport, method: string, code: string, seconds: number): void {
    this.requests.observe({ transport, method, code }, seconds);
  }

  /** A gauge whose value is read at each scrape; one that fails or is null reads NaN (unknown). */
  gauge(name: string, help: string, read: GaugeReading): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        let value: number | null = null;
        try {
          value = await read();
        } catch {
          // A dependency that cannot answer: unknown, rather than a wrong figure.
        }
        this.set(value ?? Number.NaN);
      },
    });
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
