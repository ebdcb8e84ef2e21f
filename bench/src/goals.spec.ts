import { finishRows, judge } from './goals';
import { measured } from './rows';

const signIn = (throughput: number) =>
  finishRows([
    measured({
      id: 'argon2-reference',
      name: 'a',
      throughput: 100,
      unit: 'ops/s',
      rssOf: 'bench process',
    }),
    measured({
      id: 'sign-in',
      name: 's',
      throughput,
      unit: 'ops/s',
      rssOf: 'server',
      referenceId: 'argon2-reference',
    }),
  ])[1];

const startup = (events: number, p50Ms: number, peakRssMb: number) =>
  measured({
    id: `startup-history-${events}`,
    name: 'start-up',
    throughput: 1000 / p50Ms,
    unit: 'start-ups/s',
    rssOf: 'server',
    p50Ms,
    peakRssMb,
    referenceId: 'startup-empty',
    inlineReference: { name: 'empty start-up', p50Ms: 500, peakRssMb: 200 },
  });

describe('goals', () => {
  it('holds SignIn to 0.95 × the argon2id reference', () => {
    expect(signIn(95).goal).toEqual({ text: '≥ 0.95 × argon2id reference', met: true });
    expect(signIn(94).goal?.met).toBe(false);
  });

  it('holds the start-up on a million events to 2 s and twice the empty RSS', () => {
    expect(judge(startup(1_000_000, 1_900, 390), 3.8).goal).toEqual({
      text: "first answer within 2 s, peak RSS ≤ 2 × the empty start-up's",
      met: true,
    });
    expect(judge(startup(1_000_000, 2_100, 390), 4.2).goal?.met).toBe(false);
    expect(judge(startup(1_000_000, 1_000, 410), 2).goal?.met).toBe(false);
    expect(judge(startup(1_000_000, 1_000, 410), 2).margin).toBeCloseTo(400 / 410);
  });

  it('sets no start-up goal on a smaller history', () => {
    expect(judge(startup(100_000, 5_000, 900), 10).goal).toBeNull();
  });

  it('holds SignIn on an account with past sessions to 0.9 × a fresh account', () => {
    const row = measured({
      id: 'sign-in-past-sessions',
      name: 'p',
      throughput: 1,
      unit: 'ops/s',
      rssOf: 'server',
    });
    expect(judge(row, 0.9).goal?.met).toBe(true);
    expect(judge(row, 0.89).goal?.met).toBe(false);
  });
});
