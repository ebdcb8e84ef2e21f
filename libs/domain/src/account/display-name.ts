import { AuthError } from '@tangle/contracts';
import { assertNoUnsafeCharacters, codePointLength } from '../shared/text';

export const DISPLAY_NAME_MAX_LENGTH = 64;

/** Trims and checks a display name; throws INVALID_ARGUMENT naming the problem. */
export function normalizeDisplayName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (name.length === 0) throw new AuthError('INVALID_ARGUMENT', 'name is required');
  if (codePointLength(name) > DISPLAY_NAME_MAX_LENGTH) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `name must be at most ${DISPLAY_NAME_MAX_LENGTH} characters`,
    );
  }
  assertNoUnsafeCharacters('name', name);
  return name;
}
