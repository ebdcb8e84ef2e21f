import type { LeaseHolding, WriterLeases } from '../ports';
import { LeaseHeldError, WriterLease } from './writer-lease';

/** Leases in a map, with the clock of the test and a switch that makes the store unreachable. */
class MapLeases implements WriterLeases {
  readonly held = new Map<string, LeaseHolding>();
  unreachable = false;

  async claimLease(name: string, holder: string, ttlMs: number, now = Date.now()) {
    if (this.unreachable) throw new Error('connection refused');
    const current = this.held.get(name);
    if (current && current.holder !== holder && current.expiresAt > now) return current;
    const next = { holder, expiresAt: now + ttlMs };
    this.held.set(name, next);
    return next;
  }

  async releaseLease(name: string, holder: string) {
    if (this.held.get(name)?.holder === holder) this.held.delete(name);
  }
}

describe('WriterLease', () => {
  let clock: number;
  let leases: MapLeases;
  const lost: string[] = [];
  const lease = (holder: string) =>
    new WriterLease(leases, 'projector', holder, (reason) => lost.push(`${holder}: ${reason}`), {
      ttlMs: 3_000,
      renewEveryMs: 1_000,
      now: () => clock,
    });

  beforeEach(() => {
    jest.useFakeTimers();
    clock = 1_000_000;
    leases = new MapLeases();
    lost.length = 0;
  });
  afterEach(() => jest.useRealTimers());

  const tick = async (ms: number) => {
    clock += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('given a free lease, when claimed, then it is held and a second claimant is refused with the holder', async () => {
    const first = lease('a');
    await first.claim();

    const refused = await lease('b')
      .claim()
      .catch((error: unknown) => error);

    expect(first.held).toBe(true);
    expect(refused).toBeInstanceOf(LeaseHeldError);
    expect((refused as LeaseHeldError).holding).toEqual({ holder: 'a', expiresAt: 1_003_000 });
    await first.release();
  });

  it('given a held lease, when time passes, then its holder keeps renewing it past its first term', async () => {
    const first = lease('a');
    await first.claim();

    await tick(10_000);

    expect(leases.held.get('projector')).toEqual({ holder: 'a', expiresAt: clock + 3_000 });
    expect(lost).toEqual([]);
    await first.release();
  });

  it('given a waiting claimant, when the holder releases, then the claimant takes the lease', async () => {
    const first = lease('a');
    await first.claim();
    const waiting: string[] = [];
    const second = lease('b');
    const taken = second.waitFor((error) => waiting.push(error.holding.holder));
    await tick(2_000);
    expect(second.held).toBe(false);

    await first.release();
    await tick(1_000);
    await taken;

    expect(second.held).toBe(true);
    expect(waiting).toEqual(['a']);
    await second.release();
  });

  it('given a holder whose store is unreachable, then it keeps the lease until it lapses and then reports it lost once', async () => {
    const first = lease('a');
    await first.claim();
    leases.unreachable = true;

    await tick(2_000);
    expect(lost).toEqual([]);
    expect(first.held).toBe(true);

    await tick(3_000);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/^a: could not renew the projector lease before it lapsed/);
    expect(first.held).toBe(false);
  });

  it('given a holder that stalled past its term, when another took the lease, then the renewal reports it lost', async () => {
    const first = lease('a');
    await first.claim();
    clock += 5_000; // a pause (GC, a stopped VM) without timers firing
    await lease('b').claim();

    await tick(1_000);

    expect(lost).toEqual([expect.stringMatching(/^a: the projector lease is held by b/)]);
    expect(first.held).toBe(false);
  });
});
