import { BlockList, isIP } from 'node:net';
import type { GeoLocation } from '@tangle/application';
import { unmapAddress } from './public-address';

export interface ClientAddressOptions {
  /** CIDRs of reverse proxies whose X-Forwarded-For and geo headers are believed. */
  trustedProxies: readonly string[];
  /** Header a trusted proxy puts the country code in (e.g. cf-ipcountry); empty: none. */
  countryHeader?: string;
  /** Header a trusted proxy puts the region in (e.g. cf-region-code); empty: none. */
  regionHeader?: string;
}

export interface ClientAddress {
  ip: string | null;
  /** Set when a trusted proxy already located the client. */
  geo: GeoLocation | null;
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * Who the client is, as far as we can trust: the socket's peer, unless that peer
 * is a trusted proxy, in which case the right-most X-Forwarded-For entry that is
 * not itself a trusted proxy. Headers from anyone else are ignored, so a client
 * cannot choose its own address or country.
 */
export class ClientAddressResolver {
  private readonly trusted = new BlockList();
  private readonly hasTrusted: boolean;

  constructor(private readonly options: ClientAddressOptions) {
    for (const cidr of options.trustedProxies) {
      const [net, bits] = cidr.split('/');
      const family = isIP(net);
      if (family === 0) throw new Error(`TRUSTED_PROXIES: not an address: ${cidr}`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      this.trusted.addSubnet(net, prefix, type);
    }
    this.hasTrusted = options.trustedProxies.length > 0;
  }

  resolve(peer: string | undefined, headers: Headers): ClientAddress {
    const peerIp = peer ? unmapAddress(peer) : null;
    if (!peerIp || !this.hasTrusted || !this.isTrusted(peerIp)) return { ip: peerIp, geo: null };
    let ip: string = peerIp;
    const forwarded = headerValue(headers['x-forwarded-for']);
    if (forwarded) {
      const hops = forwarded.split(',').map((hop) => unmapAddress(hop.trim()));
      for (let i = hops.length - 1; i >= 0; i--) {
        if (isIP(hops[i]) === 0) break;
        ip = hops[i];
        if (!this.isTrusted(hops[i])) break;
      }
    }
    const country = this.options.countryHeader
      ? headerValue(headers[this.options.countryHeader])
      : undefined;
    const region = this.options.regionHeader
      ? headerValue(headers[this.options.regionHeader])
      : undefined;
    const geo = country
      ? { country: country.slice(0, 8), region: region ? region.slice(0, 64) : null }
      : null;
    return { ip, geo };
  }

  private isTrusted(ip: string): boolean {
    const family = isIP(ip);
    return family !== 0 && this.trusted.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(',') : value;
  return text?.trim() || undefined;
}
