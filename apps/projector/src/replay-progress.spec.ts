import { ReplayProgress } from './replay-progress';

const at = (commit: number) => ({ commit: BigInt(commit), prepare: BigInt(commit) });

describe('ReplayProgress', () => {
  it('reports events done, their rate, the share of the log and the time left', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new ReplayProgress(
      at(1_000),
      (l) => lines.push(l),
      2_000,
      () => now,
    );

    progress.update({ events: 1, position: at(0) });
    now = 4_000;
    progress.update({ events: 250, position: at(250) });

    expect(lines[1]).toBe('replay: 250 events, 63/s, 25%, about 12 s left');
  });

  it('reports at most once per interval, and always the final figure', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new ReplayProgress(
      null,
      (l) => lines.push(l),
      2_000,
      () => now,
    );

    progress.update({ events: 10, position: at(10) });
    now = 1_000;
    progress.update({ events: 20, position: at(20) });
    progress.update({ events: 30, position: at(30) }, true);

    expect(lines).toEqual(['replay: 10 events, 10000/s', 'replay: 30 events, 30/s']);
  });
});
