import type { GlobalPosition } from '../ports';
import { CheckpointPoller } from './checkpoint-poller';

const at = (n: number): GlobalPosition => ({ commit: BigInt(n), prepare: BigInt(n) });

describe('CheckpointPoller', () => {
  let checkpoint: GlobalPosition | null;
  let reads: number;
  let poller: CheckpointPoller;

  beforeEach(() => {
    jest.useFakeTimers();
    checkpoint = null;
    reads = 0;
    poller = new CheckpointPoller(async () => {
      reads += 1;
      return checkpoint;
    }, 20);
  });

  afterEach(() => {
    poller.stop();
    jest.useRealTimers();
  });

  it('reads the checkpoint once per interval however many queries wait', async () => {
    const waits = Array.from({ length: 50 }, (_, i) => poller.waitFor(at(100 + i), 10_000));
    await jest.advanceTimersByTimeAsync(0);
    expect(reads).toBe(1);

    await jest.advanceTimersByTimeAsync(100);
    expect(reads).toBe(6);

    checkpoint = at(200);
    await jest.advanceTimersByTimeAsync(20);
    expect(await Promise.all(waits)).toEqual(Array(50).fill(true));
    expect(reads).toBe(7);
  });

  it('stops polling when no one waits, and starts again for the next waiter', async () => {
    checkpoint = at(5);
    expect(await poller.waitFor(at(5), 1_000)).toBe(true);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(reads).toBe(1);
    expect(poller.waiting).toBe(0);

    const later = poller.waitFor(at(6), 1_000);
    await jest.advanceTimersByTimeAsync(0);
    expect(reads).toBe(2);
    checkpoint = at(6);
    await jest.advanceTimersByTimeAsync(20);
    expect(await later).toBe(true);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(reads).toBe(3);
  });

  it('answers false to each waiter at its own deadline, and true at once to a position already seen', async () => {
    checkpoint = at(10);
    const short = poller.waitFor(at(11), 50);
    const long = poller.waitFor(at(11), 500);
    await jest.advanceTimersByTimeAsync(60);
    expect(await short).toBe(false);
    expect(poller.waiting).toBe(1);

    expect(await poller.waitFor(at(9), 0)).toBe(true);
    await jest.advanceTimersByTimeAsync(500);
    expect(await long).toBe(false);
    expect(poller.waiting).toBe(0);
  });

  it('keeps waiting through a failed read', async () => {
    let failing = true;
    const flaky = new CheckpointPoller(async () => {
      if (failing) throw new Error('read models unreachable');
      return at(3);
    }, 20);
    const wait = flaky.waitFor(at(3), 1_000);
    await jest.advanceTimersByTimeAsync(40);
    failing = false;
    await jest.advanceTimersByTimeAsync(20);
    expect(await wait).toBe(true);
  });
});
