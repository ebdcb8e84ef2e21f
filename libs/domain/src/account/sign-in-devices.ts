/**
 * What an account remembers of where it signed in from, to tell a sign-in from a new place:
 * the device class (the device type and its name without version numbers, so an update of
 * the browser or the OS is not a new device) with the country. Coarse on purpose: it is what
 * a notice can honestly describe, and what a stolen password used elsewhere changes.
 */
export interface SignInOrigin {
  deviceType: string;
  deviceVersion: string;
  country: string | null;
}

/** How many device classes and countries an account remembers; the least recent go first. */
export const KNOWN_SIGN_IN_ORIGINS = 50;

/** `desktop|firefox on linux|DE` for a desktop "Firefox 140 on Linux" in Germany. */
export function signInOriginKey(origin: SignInOrigin): string {
  const deviceClass = origin.deviceVersion
    .toLowerCase()
    .replace(/[0-9][0-9._-]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return [
    origin.deviceType.trim().toLowerCase(),
    deviceClass,
    (origin.country ?? '').toUpperCase(),
  ].join('|');
}

/** The known origins after a sign-in from `key`: it becomes the most recent one. */
export function rememberSignInOrigin(known: readonly string[], key: string): readonly string[] {
  const next = [...known.filter((each) => each !== key), key];
  return next.length > KNOWN_SIGN_IN_ORIGINS ? next.slice(-KNOWN_SIGN_IN_ORIGINS) : next;
}

/**
 * Whether a sign-in from `key` is from a new place: the account has signed in from somewhere
 * before (its first session never is, nor the first one recorded with an origin) and never
 * from this device class in this country.
 */
export function isNewSignInOrigin(known: readonly string[], key: string): boolean {
  return known.length > 0 && !known.includes(key);
}
