import { ConnectionLimits, addressKey } from './connection-limits';
import { OriginAllowList } from './origin-allow-list';

describe('ConnectionLimits', () => {
  it('caps each address, then the total, and frees a slot on release', () => {
    const limits = new ConnectionLimits(2, 3);
    const a1 = limits.admit('192.0.2.1');
    expect(a1).toEqual({ admitted: true, key: '192.0.2.1' });
    limits.admit('192.0.2.1');
    expect(limits.admit('192.0.2.1')).toMatchObject({ admitted: false, status: 429 });
    limits.admit('192.0.2.2');
    expect(limits.admit('192.0.2.3')).toMatchObject({ admitted: false, status: 503 });
    expect(limits.open).toBe(3);

    limits.release('192.0.2.1');
    expect(limits.open).toBe(2);
    expect(limits.admit('192.0.2.1')).toMatchObject({ admitted: true });
  });

  it('counts a whole IPv6 /64 as one address', () => {
    const limits = new ConnectionLimits(1, 10);
    expect(limits.admit('2001:db8:1:2::1')).toEqual({ admitted: true, key: '2001:db8:1:2::/64' });
    expect(limits.admit('2001:db8:1:2:ffff::7')).toMatchObject({ admitted: false, status: 429 });
    expect(limits.admit('2001:db8:1:3::1')).toMatchObject({ admitted: true });
  });
});

describe('addressKey', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['2001:0db8:0000:0042:0000:8a2e:0370:7334', '2001:db8:0:42::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['2001:db8:a:b:c:d:192.0.2.1', '2001:db8:a:b::/64'],
    [null, 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe('OriginAllowList', () => {
  it('allows any Origin when empty', () => {
    expect(new OriginAllowList([]).allows('https://anywhere.example')).toBe(true);
  });

  it('allows listed Origins (case-insensitively) and requests without one, and nothing else', () => {
    const list = new OriginAllowList(['https://app.example.com']);
    expect(list.allows('https://app.example.com')).toBe(true);
    expect(list.allows('HTTPS://App.Example.com')).toBe(true);
    expect(list.allows(undefined)).toBe(true);
    expect(list.allows('https://app.example.com.evil.net')).toBe(false);
    expect(list.allows('http://app.example.com')).toBe(false);
    expect(list.allows('null')).toBe(false);
    expect(list.allows(['https://app.example.com', 'https://app.example.com'])).toBe(false);
  });
});
