import { finishRows, type FinishedRow } from './goals';
import type { Machine } from './machine';
import { PLAN } from './plan';
import type { BenchResults } from './results';
import { mergeResults } from './results-merge';
import { measured } from './rows';

const row = (id: string, throughput: number, referenceId: string | null = null) =>
  measured({ id, name: id, throughput, unit: 'ops/s', rssOf: 'server', referenceId });

function results(date: string, rows: FinishedRow[], extra: Partial<BenchResults> = {}) {
  return {
    date,
    machine: { cpuModel: 'cpu' } as Machine,
    wallSeconds: 10,
    plan: PLAN,
    rows,
    authorizeSweep: [],
    profile: null,
    ...extra,
  } satisfies BenchResults;
}

const earlier = results(
  '2026-12-01T00:00:00.000Z',
  finishRows([
    row('argon2-reference', 50),
    row('sign-in', 48, 'argon2-reference'),
    row('mail', 20),
  ]),
  {
    authorizeSweep: [{ connections: 8, depth: 8, throughput: 1, p50Ms: 1, p99Ms: 2, errors: 0 }],
    runs: [{ file: 'bench/results/run-1.json', date: '2026-12-01T00:00:00.000Z', wallSeconds: 5 }],
  },
);

describe('mergeResults', () => {
  it('puts the rows just measured in place of those of the same id and keeps every other row', () => {
    const partial = results(
      '2026-12-02T00:00:00.000Z',
      finishRows([row('argon2-reference', 40), row('sign-in', 20, 'argon2-reference')]),
    );
    const merged = mergeResults(earlier, partial, ['sign-in'], 1);
    expect(merged.rows.map((r) => [r.id, r.throughput])).toEqual([
      ['argon2-reference', 40],
      ['sign-in', 20],
      ['mail', 20],
    ]);
    expect(merged.rows[1].ratio).toBe(0.5);
    expect(merged.rows[1].goal?.met).toBe(false);
  });

  it("judges the rows it keeps against today's goals", () => {
    const met = {
      ...earlier.rows[1],
      ratio: 0.92,
      goal: { text: '≥ 0.9 × argon2id reference', met: true },
    };
    const before = { ...earlier, rows: [earlier.rows[0], met, earlier.rows[2]] };
    const partial = results('2026-12-02T00:00:00.000Z', finishRows([row('mail', 30)]));
    const merged = mergeResults(before, partial, ['mail'], 1);
    expect(merged.rows[1].goal).toEqual({ text: '≥ 0.95 × argon2id reference', met: false });
    expect(merged.rows[1].ratio).toBe(0.92);
  });

  it('adds rows of new ids after the others', () => {
    const partial = results('2026-12-02T00:00:00.000Z', finishRows([row('startup-empty', 2)]));
    const merged = mergeResults(earlier, partial, ['history'], 3);
    expect(merged.rows.map((r) => r.id)).toEqual([
      'argon2-reference',
      'sign-in',
      'mail',
      'startup-empty',
    ]);
  });

  it("keeps the earlier invocation's date, runs and sweep, and records the merge", () => {
    const partial = results('2026-12-02T00:00:00.000Z', finishRows([row('startup-empty', 2)]), {
      wallSeconds: 77,
    });
    const merged = mergeResults(earlier, partial, ['history'], 3);
    expect(merged.date).toBe(earlier.date);
    expect(merged.runs).toEqual(earlier.runs);
    expect(merged.authorizeSweep).toEqual(earlier.authorizeSweep);
    expect(merged.merged).toEqual([
      {
        date: '2026-12-02T00:00:00.000Z',
        cases: ['history'],
        rowIds: ['startup-empty'],
        runs: 3,
        wallSeconds: 77,
      },
    ]);
    const again = mergeResults(merged, partial, ['history'], 1);
    expect(again.merged).toHaveLength(2);
    expect(again.rows.filter((r) => r.id === 'startup-empty')).toHaveLength(1);
  });

  it('takes the sweep of the run when it measured Authorize', () => {
    const sweep = [{ connections: 4, depth: 8, throughput: 9, p50Ms: 1, p99Ms: 2, errors: 0 }];
    const partial = results('2026-12-02T00:00:00.000Z', finishRows([row('authorize', 9)]), {
      authorizeSweep: sweep,
    });
    expect(mergeResults(earlier, partial, ['authorize'], 1).authorizeSweep).toEqual(sweep);
  });

  it('without earlier results, is the partial results', () => {
    const partial = results('2026-12-02T00:00:00.000Z', finishRows([row('mail', 1)]));
    expect(mergeResults(null, partial, ['mail'], 1)).toBe(partial);
  });
});
