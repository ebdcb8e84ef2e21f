import { KeyedSerializer } from './keyed-serializer';

describe('KeyedSerializer', () => {
  it('runs the tasks of one key one at a time, in order, and of other keys at once', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([
      serializer.run('a', task('a1')),
      serializer.run('a', task('a2')),
      serializer.run('b', task('b1')),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(most).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(serializer.size).toBe(0);
  });

  it('goes on after a failing task, and hands the failure to its caller only', async () => {
    const serializer = new KeyedSerializer();
    const failed = serializer.run('a', () => Promise.reject(new Error('boom')));
    const next = serializer.run('a', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
