import { Logger } from '@nestjs/common';
import { AuthError } from '@tangle/contracts';
import type { RateLimitStore } from '../ports';
import { InMemoryRateLimitStore } from '../testing/in-memory-rate-limit-store';
import { defaultRateLimitRules, type RateLimitConfig } from './rate-limit-rules';
import { RateLimits, rateLimitExceeded } from './rate-limits';

const T0 = 1_800_000_000_000;
const MINUTE = 60_000;

function setup(change: (config: RateLimitConfig) => void = () => undefined) {
  const config: RateLimitConfig = { enabled: true, rules: defaultRateLimitRules() };
  config.rules['sign-in'] = {
    addr: { count: 5, windowMs: 5 * MINUTE },
    account: { count: 3, windowMs: 15 * MINUTE },
  };
  change(config);
  const store = new InMemoryRateLimitStore();
  let now = T0;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  return { store, clock, limits: new RateLimits(store, config, clock) };
}

describe('RateLimits', () => {
  it('builds one key per limit: the address (IPv6 by /64) first, then the account', () => {
    const { limits } = setup();
    expect(limits.limitsFor('sign-in', { address: '2001:db8::7', account: 'u1' })).toEqual([
      {
        scope: 'addr',
        key: 'sign-in:addr:2001:db8:0:0::/64',
        rule: { count: 5, windowMs: 5 * MINUTE },
      },
      { scope: 'account', key: 'sign-in:account:u1', rule: { count: 3, windowMs: 15 * MINUTE } },
    ]);
    expect(limits.limitsFor('sign-in', { address: null, account: 'u1' }).map((l) => l.key)).toEqual(
      ['sign-in:account:u1'],
    );
    // sign-up has no account limit: the account given is ignored.
    expect(limits.limitsFor('sign-up', { address: '::ffff:10.0.0.1', account: 'u1' })).toEqual([
      { scope: 'addr', key: 'sign-up:addr:10.0.0.1', rule: { count: 10, windowMs: 3_600_000 } },
    ]);
  });

  it('allows tries up to the account limit from any address, then refuses with the wait', async () => {
    const { limits, clock } = setup();
    const decisions = [];
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
      decisions.push(await limits.attempt('sign-in', { address, account: 'u1' }));
      clock.advance(MINUTE);
    }
    expect(decisions).toEqual([
      { allowed: true, retryAfterMs: 0, remaining: 2 },
      { allowed: true, retryAfterMs: 0, remaining: 1 },
      { allowed: true, retryAfterMs: 0, remaining: 0 },
      // The window began at the first try, 3 minutes before this one.
      { allowed: false, retryAfterMs: 12 * MINUTE, remaining: 0 },
    ]);
    expect(await limits.attempt('sign-in', { address: '198.51.100.5', account: 'u2' })).toEqual({
      allowed: true,
      retryAfterMs: 0,
      remaining: 2,
    });
    clock.advance(12 * MINUTE);
    expect((await limits.attempt('sign-in', { account: 'u1' })).allowed).toBe(true);
  });

  it('gives exactly the limit to 50 tries sent at once', async () => {
    const { limits } = setup();
    const decisions = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        limits.attempt('sign-in', { address: `203.0.113.${i}`, account: 'u1' }),
      ),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
  });

  it('reports the tightest limit: an address refusal does not count against the account', async () => {
    const { limits, store } = setup();
    for (let i = 0; i < 5; i++) {
      await limits.attempt('sign-in', { address: '203.0.113.9', account: `u${i}` });
    }
    const refused = await limits.attempt('sign-in', { address: '203.0.113.9', account: 'victim' });
    expect(refused).toEqual({ allowed: false, retryAfterMs: 5 * MINUTE, remaining: 0 });
    expect(store.windows.has('sign-in:account:victim')).toBe(false);
    expect(
      await limits.attempt('sign-in', { address: '203.0.113.10', account: 'u0' }),
    ).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('throws RATE_LIMIT_EXCEEDED carrying the wait from enforce', async () => {
    const { limits, clock } = setup();
    for (let i = 0; i < 3; i++) await limits.enforce('sign-in', { account: 'u1' });
    clock.advance(90_500);
    const error = await limits.enforce('sign-in', { account: 'u1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ errorName: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 809_500 });
    expect((error as AuthError).message).toBe(
      'Too many attempts, try again later: try again in 810 s',
    );
  });

  it('clears the account count on reset, never the address count', async () => {
    const { limits } = setup();
    for (let i = 0; i < 3; i++) {
      await limits.attempt('sign-in', { address: '203.0.113.1', account: 'u1' });
    }
    expect((await limits.attempt('sign-in', { account: 'u1' })).allowed).toBe(false);
    await limits.reset('sign-in', 'u1');
    expect(await limits.attempt('sign-in', { account: 'u1' })).toMatchObject({
      allowed: true,
      remaining: 2,
    });
    // The address kept its 3 tries (the 4th, account-only, did not touch it): 1 left of 5.
    expect(await limits.attempt('sign-in', { address: '203.0.113.1' })).toMatchObject({
      remaining: 1,
    });
  });

  it('skips a limit set to off, and everything with RATE_LIMITS=off, saying so once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const single = setup((config) => (config.rules['sign-in'].account = null));
      expect(
        single.limits.limitsFor('sign-in', { address: '10.0.0.1', account: 'u1' }),
      ).toHaveLength(1);
      expect(warn).not.toHaveBeenCalled();

      const off = setup((config) => (config.enabled = false));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toContain('RATE_LIMITS=off');
      for (let i = 0; i < 20; i++) {
        expect(await off.limits.enforce('sign-in', { address: '10.0.0.1', account: 'u1' })).toEqual(
          {
            allowed: true,
            retryAfterMs: 0,
            remaining: Number.POSITIVE_INFINITY,
          },
        );
      }
      expect(off.store.windows.size).toBe(0);
    } finally {
      warn.mockRestore();
    }
  });

  it('lets a store failure through rather than allowing the try', async () => {
    const broken: RateLimitStore = {
      hit: async () => {
        throw new Error('store down');
      },
      reset: async () => undefined,
      close: async () => undefined,
    };
    const limits = new RateLimits(
      broken,
      { enabled: true, rules: defaultRateLimitRules() },
      {
        now: () => T0,
      },
    );
    await expect(limits.attempt('verify', { address: '10.0.0.1' })).rejects.toThrow('store down');
  });

  it('rounds the wait up to whole seconds, at least one', () => {
    expect(rateLimitExceeded(1).message).toContain('try again in 1 s');
    expect(rateLimitExceeded(1_001).message).toContain('try again in 2 s');
    expect(rateLimitExceeded(0).retryAfterMs).toBe(1);
  });
});
