import { finishRows, type FinishedRow } from './goals';
import { medianOfRuns } from './median-of-runs';
import { measured } from './rows';

/** One run: the argon2id reference, SignIn against it, and a row with no reference. */
function run(reference: number, signIn: number, other: number | null): FinishedRow[] {
  return finishRows([
    measured({
      id: 'argon2-reference',
      name: 'argon2',
      throughput: reference,
      unit: 'ops/s',
      rssOf: 'bench process',
    }),
    measured({
      id: 'sign-in',
      name: 'SignIn',
      throughput: signIn,
      unit: 'ops/s',
      rssOf: 'server',
      referenceId: 'argon2-reference',
      p99Ms: signIn,
      notes: ['first note'],
    }),
    ...(other === null
      ? []
      : [
          measured({
            id: 'other',
            name: 'Other',
            throughput: other,
            unit: 'ops/s',
            rssOf: 'server',
          }),
        ]),
  ]);
}

describe('medianOfRuns', () => {
  // SignIn ÷ argon2id per run: 1.0 (met), 0.8 (not met), 0.95 (met).
  const runs = [run(10, 10, 5), run(20, 16, null), run(20, 19, 7)];
  const combined = medianOfRuns(runs);
  const byId = (id: string) => combined.find((row) => row.id === id)!;

  it('reports the median of the runs for throughput, p99 and the ratio to the reference', () => {
    expect(byId('sign-in').throughput).toBe(16);
    expect(byId('sign-in').p99Ms).toBe(16);
    expect(byId('sign-in').ratio).toBeCloseTo(0.95);
    expect(byId('sign-in').ratioMethod).toBe('runs');
    expect(byId('argon2-reference').throughput).toBe(20);
  });

  it('judges the goal on the medians', () => {
    expect(byId('sign-in').goal).toEqual({ text: '≥ 0.95 × argon2id reference', met: true });
    const twoMisses = medianOfRuns([run(10, 8, null), run(10, 8.5, null), run(10, 10, null)]);
    expect(twoMisses.find((row) => row.id === 'sign-in')!.goal!.met).toBe(false);
  });

  it('keeps the last run’s notes and adds the figures of every run', () => {
    expect(byId('sign-in').notes).toEqual([
      'first note',
      'per run: 10.0 / 16.0 / 19.0 ops/s',
      'p99 per run: 10.00 / 16.00 / 19.00 ms',
      'ratio per run: 1.00× / 0.80× / 0.95×',
      'goal per run: met / not met / met (the median decides)',
    ]);
  });

  it('does not name one run’s setting when the runs chose different ones', () => {
    const [a, b] = [run(10, 10, null), run(10, 10, null)];
    a[1] = { ...a[1], name: 'SignIn (8 conn)' };
    b[1] = { ...b[1], name: 'SignIn (32 conn)' };
    const row = medianOfRuns([a, b]).find((r) => r.id === 'sign-in')!;
    expect(row.name).toBe('SignIn (setting per run)');
    expect(row.notes).toContain('setting per run: SignIn (8 conn) / SignIn (32 conn)');
  });

  it('says in how many runs a row was measured, taking the median of those', () => {
    expect(byId('other').throughput).toBe(6);
    expect(byId('other').notes).toContain('measured in 2 of 3 runs');
    expect(byId('other').notes).toContain('per run: 5.0 / not measured / 7.0 ops/s');
    expect(combined.map((row) => row.id)).toEqual(['argon2-reference', 'sign-in', 'other']);
  });
});
