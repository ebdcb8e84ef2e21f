import {
  RATE_LIMIT_ACTIONS,
  defaultRateLimitRules,
  parseRateLimitRule,
  rateLimitVariable,
  scopesOf,
} from './rate-limit-rules';

describe('rate limit rules', () => {
  it('parses count/window with a unit, and off', () => {
    expect(parseRateLimitRule('10/15m')).toEqual({ count: 10, windowMs: 900_000 });
    expect(parseRateLimitRule(' 5 / 1h ')).toEqual({ count: 5, windowMs: 3_600_000 });
    expect(parseRateLimitRule('120/30s')).toEqual({ count: 120, windowMs: 30_000 });
    expect(parseRateLimitRule('1/500ms')).toEqual({ count: 1, windowMs: 500 });
    expect(parseRateLimitRule('3/1d')).toEqual({ count: 3, windowMs: 86_400_000 });
    expect(parseRateLimitRule('off')).toBeNull();
  });

  it.each(['10', '10/15', '0/1m', '10/0s', '-1/1m', '1.5/1m', 'ten/1m', '10/8d', '', '10/1w'])(
    'refuses %j',
    (raw) => {
      expect(() => parseRateLimitRule(raw)).toThrow('expected count/window');
    },
  );

  it('names the variable of each limit', () => {
    expect(rateLimitVariable('sign-in', 'account')).toBe('RATE_LIMIT_SIGN_IN_ACCOUNT');
    expect(rateLimitVariable('invite-lookup', 'addr')).toBe('RATE_LIMIT_INVITE_LOOKUP_ADDR');
  });

  it('limits every action by address, and sign-in by account, by default', () => {
    const rules = defaultRateLimitRules();
    for (const action of RATE_LIMIT_ACTIONS) {
      expect(scopesOf(action)[0]).toBe('addr');
      expect(rules[action].addr).toEqual(expect.objectContaining({ count: expect.any(Number) }));
    }
    expect(rules['sign-in'].account).toEqual({ count: 10, windowMs: 900_000 });
    expect(scopesOf('sign-up')).toEqual(['addr']);
  });
});
