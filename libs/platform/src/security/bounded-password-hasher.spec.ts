import type { PasswordHasher } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { Argon2PasswordHasher } from './argon2-password-hasher';
import { BoundedPasswordHasher, threadPoolSize } from './bounded-password-hasher';

/** A hasher whose calls finish when the test says so. */
class GatedHasher implements PasswordHasher {
  readonly started: string[] = [];
  running = 0;
  maxRunning = 0;
  private readonly gates = new Map<string, { finish: () => void; fail: () => void }>();

  private call<T>(name: string, value: T): Promise<T> {
    this.started.push(name);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return new Promise<T>((resolve, reject) => {
      const done = () => this.running--;
      this.gates.set(name, {
        finish: () => (done(), resolve(value)),
        fail: () => (done(), reject(new Error(`${name} failed`))),
      });
    });
  }

  finish(name: string): void {
    this.gates.get(name)!.finish();
  }
  fail(name: string): void {
    this.gates.get(name)!.fail();
  }

  hash(password: string): Promise<string> {
    return this.call(password, `hash(${password})`);
  }
  verify(_hash: string, password: string): Promise<boolean> {
    return this.call(password, true);
  }
  needsRehash(hash: string): boolean {
    return hash === 'old';
  }
  verifyAgainstDummy(password: string): Promise<void> {
    return this.call(password, undefined);
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedPasswordHasher', () => {
  it('runs at most maxConcurrency calls at once, the waiting ones in arrival order', async () => {
    const inner = new GatedHasher();
    const hasher = new BoundedPasswordHasher(inner, { maxConcurrency: 2, maxQueue: 10 });
    const calls = [
      hasher.hash('a'),
      hasher.verify('h', 'b'),
      hasher.verifyAgainstDummy('c'),
      hasher.hash('d'),
      hasher.hash('e'),
    ];
    await settle();
    expect(inner.started).toEqual(['a', 'b']);
    expect([hasher.active, hasher.queued]).toEqual([2, 3]);

    inner.finish('b');
    await settle();
    expect(inner.started).toEqual(['a', 'b', 'c']);
    inner.finish('a');
    inner.finish('c');
    await settle();
    inner.finish('d');
    inner.finish('e');
    await expect(Promise.all(calls)).resolves.toEqual([
      'hash(a)',
      true,
      undefined,
      'hash(d)',
      'hash(e)',
    ]);
    expect(inner.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(inner.maxRunning).toBe(2);
    expect([hasher.active, hasher.queued]).toEqual([0, 0]);
  });

  it('fails fast with RATE_LIMIT_EXCEEDED once the queue is full, without hashing', async () => {
    const inner = new GatedHasher();
    const hasher = new BoundedPasswordHasher(inner, { maxConcurrency: 1, maxQueue: 2 });
    const accepted = [hasher.hash('a'), hasher.hash('b'), hasher.verify('h', 'c')];

    const refused = await hasher.verify('h', 'd').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthError);
    expect(refused).toMatchObject({ errorName: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 1_000 });
    expect((refused as AuthError).message).toContain('server busy, try again in 1 s');
    await expect(hasher.verifyAgainstDummy('e')).rejects.toMatchObject({
      errorName: 'RATE_LIMIT_EXCEEDED',
    });
    await settle();
    expect(inner.started).toEqual(['a']);

    inner.finish('a');
    await settle();
    // A slot freed: the queue has room again.
    const later = hasher.hash('f');
    inner.finish('b');
    await settle();
    inner.finish('c');
    await settle();
    inner.finish('f');
    await expect(Promise.all([...accepted, later])).resolves.toEqual([
      'hash(a)',
      'hash(b)',
      true,
      'hash(f)',
    ]);
  });

  it('frees the slot of a call that failed', async () => {
    const inner = new GatedHasher();
    const hasher = new BoundedPasswordHasher(inner, { maxConcurrency: 1, maxQueue: 0 });
    const failing = hasher.hash('a');
    inner.fail('a');
    await expect(failing).rejects.toThrow('a failed');
    const next = hasher.hash('b');
    inner.finish('b');
    await expect(next).resolves.toBe('hash(b)');
    expect(hasher.active).toBe(0);
  });

  it('checks rehash needs without queueing, and refuses bounds out of range', () => {
    const hasher = new BoundedPasswordHasher(new GatedHasher(), { maxConcurrency: 1, maxQueue: 0 });
    expect(hasher.needsRehash('old')).toBe(true);
    expect(hasher.needsRehash('new')).toBe(false);
    expect(
      () => new BoundedPasswordHasher(new GatedHasher(), { maxConcurrency: 0, maxQueue: 1 }),
    ).toThrow('out of range');
  });

  it('bounds real argon2: past the running and queued calls, the rest are refused', async () => {
    const hasher = new BoundedPasswordHasher(new Argon2PasswordHasher(), {
      maxConcurrency: 2,
      maxQueue: 1,
    });
    const results = await Promise.allSettled(
      ['p1', 'p2', 'p3', 'p4', 'p5'].map((password) => hasher.hash(password)),
    );
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    const [first] = results as PromiseFulfilledResult<string>[];
    await expect(hasher.verify(first.value, 'p1')).resolves.toBe(true);
  });

  it('takes the libuv pool size from UV_THREADPOOL_SIZE, else 4', () => {
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '16' })).toBe(16);
    expect(threadPoolSize({})).toBe(4);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: 'many' })).toBe(4);
  });
});
