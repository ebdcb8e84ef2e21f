import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { RateLimits, defaultRateLimitRules, type RateLimitConfig } from '@tangle/application';
import { SqliteRateLimitStore } from '@tangle/limits';
import { SystemClock } from '@tangle/platform';
import { count } from './format';
import { peakRssMb, startPeakRssWindow } from './proc-memory';
import { measured, type CaseOutput } from './rows';
import { LatencyRecorder, median } from './stats';

export interface RateLimitsParams {
  /** Limits on and limits off alternate (off first and last: R L R … R)… */
  rounds: number;
  /** …each for this long. */
  roundMs: number;
  /** Distinct client addresses and as many accounts the calls cycle through. */
  subjects: number;
}

export interface CallRate {
  calls: number;
  seconds: number;
  perSecond: number;
}

/**
 * Awaits `call(i)` back to back (one at a time, i = 0, 1, 2 …) for `durationMs`, recording each
 * call's latency into `latency`.
 */
export async function measureCallsPerSecond(
  call: (i: number) => Promise<unknown>,
  durationMs: number,
  latency: LatencyRecorder,
): Promise<CallRate> {
  const started = performance.now();
  const deadline = started + durationMs;
  let now = started;
  let calls = 0;
  while (now < deadline) {
    const before = now;
    await call(calls);
    now = performance.now();
    latency.record(now - before);
    calls++;
  }
  const seconds = (now - started) / 1_000;
  return { calls, seconds, perSecond: calls / seconds };
}

/** Limits high enough that no call of the bench is refused: the allowed path is measured. */
function neverRefusing(enabled: boolean): RateLimitConfig {
  const rules = defaultRateLimitRules();
  const generous = { count: 1_000_000, windowMs: 3_600_000 };
  return { enabled, rules: { ...rules, 'sign-in': { addr: generous, account: generous } } };
}

/**
 * What a rate-limited door pays per request: `RateLimits.enforce('sign-in', …)` (the address
 * and the account limit, one SQLite UPSERT each) on the embedded store in a file of its own, as
 * the server opens it, against the same loop with the limits off (RATE_LIMITS=off), in
 * alternating rounds, in this process.
 */
export async function rateLimitsBench(params: RateLimitsParams): Promise<CaseOutput> {
  Logger.overrideLogger(['error']);
  const dir = mkdtempSync(join(tmpdir(), 'tangle-bench-limits-'));
  const store = await SqliteRateLimitStore.open(join(dir, 'rate-limits.sqlite'));
  try {
    const clock = new SystemClock();
    const on = new RateLimits(store, neverRefusing(true), clock);
    const off = new RateLimits(store, neverRefusing(false), clock);
    const subjects = Array.from({ length: params.subjects }, (_, i) => ({
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      account: `${386015308038537216n + BigInt(i)}`,
    }));
    const loop = (limits: RateLimits) => async (i: number) => {
      const decision = await limits.enforce('sign-in', subjects[i % subjects.length]);
      if (!decision.allowed) throw new Error('a bench call was refused');
    };
    // Every key once, untimed: the table holds what a busy door's would.
    for (let i = 0; i < params.subjects; i++) await loop(on)(i);

    startPeakRssWindow();
    const onLatency = new LatencyRecorder();
    const offLatency = new LatencyRecorder();
    const offRounds = [await measureCallsPerSecond(loop(off), params.roundMs, offLatency)];
    const onRounds: CallRate[] = [];
    for (let round = 0; round < params.rounds; round++) {
      onRounds.push(await measureCallsPerSecond(loop(on), params.roundMs, onLatency));
      offRounds.push(await measureCallsPerSecond(loop(off), params.roundMs, offLatency));
    }
    const peak = peakRssMb();
    const total = (rates: CallRate[]) =>
      rates.reduce((sum, rate) => sum + rate.calls, 0) /
      rates.reduce((sum, rate) => sum + rate.seconds, 0);
    const onSummary = onLatency.summary();
    const offSummary = offLatency.summary();
    const costUs =
      1e6 / median(onRounds.map((r) => r.perSecond)) -
      1e6 / median(offRounds.map((r) => r.perSecond));
    return {
      rows: [
        measured({
          id: 'rate-limits-off',
          name: 'RateLimits.enforce, limits off, reference (in process)',
          throughput: total(offRounds),
          unit: 'ops/s',
          p50Ms: offSummary.p50Ms,
          p99Ms: offSummary.p99Ms,
          peakRssMb: peak,
          rssOf: 'bench process',
          rounds: offRounds.map((rate) => rate.perSecond),
          notes: ['the same loop and calls with enabled: false (RATE_LIMITS=off): no store access'],
        }),
        measured({
          id: 'rate-limits-enforce',
          name: 'RateLimits.enforce, sign-in limits on SQLite (in process)',
          throughput: total(onRounds),
          unit: 'ops/s',
          p50Ms: onSummary.p50Ms,
          p99Ms: onSummary.p99Ms,
          peakRssMb: peak,
          rssOf: 'bench process',
          referenceId: 'rate-limits-off',
          rounds: onRounds.map((rate) => rate.perSecond),
          notes: [
            `the address and the account limit of sign-in (two UPSERTs on SqliteRateLimitStore, a file of its own, WAL, synchronous NORMAL), awaited one at a time over ${count(params.subjects)} addresses and as many accounts, limits high enough that none refuses`,
            `cost per limited call: ${costUs.toFixed(1)} µs more than with the limits off (medians of the rounds)`,
          ],
        }),
      ],
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
