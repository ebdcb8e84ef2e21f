import { AuthError } from '@tangle/contracts';

/** Length in Unicode code points, so an emoji counts once (UTF-16 length would count it twice). */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * Characters no name, address or username may hold: C0 controls (NUL, ESC, line breaks …), DEL,
 * C1 controls, the Unicode line and paragraph separators, and the invisible bidirectional
 * controls (marks, embeddings, overrides, isolates) that make text display other than it reads.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** The first unsafe character as `U+XXXX`, or null when there is none. */
export function findUnsafeCharacter(value: string): string | null {
  const found = UNSAFE.exec(value);
  if (found === null) return null;
  return `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export function hasControlCharacters(value: string): boolean {
  return findUnsafeCharacter(value) !== null;
}

/** The one rule for user-typed text: throws INVALID_ARGUMENT naming the field and the character. */
export function assertNoUnsafeCharacters(field: string, value: string): void {
  const found = findUnsafeCharacter(value);
  if (found !== null) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `${field} must not contain control or bidirectional formatting characters (found ${found})`,
    );
  }
}
