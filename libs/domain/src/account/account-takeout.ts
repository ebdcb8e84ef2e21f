/** Data export (takeout) links: how long one works, and how often one may be mailed. */

/** A takeout link works this long after it was asked for. */
export const TAKEOUT_LINK_TTL_MS = 60 * 60_000;
/**
 * The first wait between two takeout mails; it doubles with each one of the day (up to an
 * hour), as for codes: an export is rare, and each one mails the owner.
 */
export const TAKEOUT_COOLDOWN_MS = 5 * 60_000;
