import { ClientAddressResolver } from './client-address';
import { isPublicAddress } from './public-address';
import { MmdbGeoLocator } from './mmdb-geo-locator';

describe('client address', () => {
  const behindProxy = new ClientAddressResolver({
    trustedProxies: ['10.0.0.0/8'],
    countryHeader: 'cf-ipcountry',
    regionHeader: 'cf-region',
  });

  it('uses the socket peer when there is no trusted proxy', () => {
    const direct = new ClientAddressResolver({ trustedProxies: [] });
    expect(
      direct.resolve('::ffff:203.0.113.9', { 'x-forwarded-for': '8.8.8.8', 'cf-ipcountry': 'US' }),
    ).toEqual({
      ip: '203.0.113.9',
      geo: null,
    });
  });

  it('believes a trusted proxy: right-most untrusted X-Forwarded-For hop and its geo headers', () => {
    expect(
      behindProxy.resolve('10.1.2.3', {
        'x-forwarded-for': '1.1.1.1, 81.2.69.160, 10.9.9.9',
        'cf-ipcountry': 'GB',
        'cf-region': 'ENG',
      }),
    ).toEqual({ ip: '81.2.69.160', geo: { country: 'GB', region: 'ENG' } });
  });

  it('ignores forwarded headers from an untrusted peer', () => {
    expect(
      behindProxy.resolve('81.2.69.160', { 'x-forwarded-for': '8.8.8.8', 'cf-ipcountry': 'US' }),
    ).toEqual({
      ip: '81.2.69.160',
      geo: null,
    });
  });

  it('classifies loopback and private addresses as not public', () => {
    for (const ip of [
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      '192.168.1.1',
      '172.16.5.4',
      'fd00::1',
      '::ffff:127.0.0.1',
      'nonsense',
    ]) {
      expect(isPublicAddress(ip)).toBe(false);
    }
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2001:4860:4860::8888')).toBe(true);
  });
});

describe('offline geo database', () => {
  const geo = MmdbGeoLocator.fromInstalledDatabase();

  it('finds country and region of public IPv4 and IPv6 addresses', () => {
    expect(geo.locate('81.2.69.160')).toEqual({ country: 'GB', region: 'England' });
    expect(geo.locate('2001:4860:4860::8888').country).toMatch(/^[A-Z]{2}$/);
  });

  it('leaves loopback, private and missing addresses empty', () => {
    for (const ip of ['127.0.0.1', '192.168.0.10', '::1', null]) {
      expect(geo.locate(ip)).toEqual({ country: null, region: null });
    }
  });
});
