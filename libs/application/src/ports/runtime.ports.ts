export interface Clock {
  /** unix ms */
  now(): number;
}
export const CLOCK = Symbol('Clock');

/** Snowflake ids (time, worker, sequence) as decimal strings. */
export interface IdGenerator {
  nextId(): string;
}
export const ID_GENERATOR = Symbol('IdGenerator');

export interface GeoLocation {
  country: string | null;
  region: string | null;
}

export interface GeoLocator {
  /** Empty for loopback, private and unknown addresses. */
  locate(ip: string | null): GeoLocation;
}
export const GEO_LOCATOR = Symbol('GeoLocator');

/** Randomness for secrets, from a CSPRNG. */
export interface SecretGenerator {
  /** A string of `digits` decimal digits, uniformly drawn. */
  numericCode(digits: number): string;
  /** `length` characters, each uniformly drawn from `alphabet`. */
  fromAlphabet(alphabet: string, length: number): string;
  /** `bytes` random bytes as base64url. */
  urlToken(bytes: number): string;
  uuid(): string;
}
export const SECRET_GENERATOR = Symbol('SecretGenerator');
