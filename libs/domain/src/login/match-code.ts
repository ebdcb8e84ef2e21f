/**
 * The short code an email-link login shows on the asking device and in the mail: the user
 * confirms only when both show the same one, so a link they did not ask for (a phisher's
 * device) shows a code their own screen does not. Drawn from a CSPRNG outside the domain.
 */

/** Letters and digits that are hard to mistake for one another (no 0/O, 1/I/L, U/V). */
export const MATCH_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const MATCH_CODE_LENGTH = 6;

/** `K7M42P` → `K7M-42P`: two halves, easier to read out and compare. */
export function formatMatchCode(characters: string): string {
  const half = Math.ceil(characters.length / 2);
  return `${characters.slice(0, half)}-${characters.slice(half)}`;
}
