import type { GlobalPosition, ReadModelStore } from '@tangle/application';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { ServiceRuntime } from './service-runtime';

const at = (n: number): GlobalPosition => ({ commit: BigInt(n), prepare: BigInt(n) });

describe('ServiceRuntime read-your-writes with an external projector', () => {
  let checkpoint: GlobalPosition | null;
  let reads: number;
  let runtime: ServiceRuntime;

  beforeEach(() => {
    jest.useFakeTimers();
    checkpoint = at(1);
    reads = 0;
    const readModels = {
      checkpoint: async () => {
        reads += 1;
        return checkpoint;
      },
    } as unknown as ReadModelStore;
    const unused = {} as never;
    runtime = new ServiceRuntime(
      { projector: 'external' } as AuthServiceConfig,
      unused,
      readModels,
      unused,
      unused,
      unused,
      unused,
      unused,
      unused,
      unused,
      unused,
      unused,
    );
  });

  afterEach(() => jest.useRealTimers());

  it('polls the checkpoint once per interval for all the queries waiting, not once each', async () => {
    const waits = Array.from({ length: 20 }, (_, i) => runtime.waitFor(at(10 + i), 5_000));

    await jest.advanceTimersByTimeAsync(200);
    checkpoint = at(100);
    await jest.advanceTimersByTimeAsync(20);

    expect(await Promise.all(waits)).toEqual(Array(20).fill(true));
    // One read at the first wait, then one per 20 ms interval: 12 in 220 ms, where a timer of
    // each query's own would have read 20 times as often.
    expect(reads).toBeLessThanOrEqual(12);
  });
});
