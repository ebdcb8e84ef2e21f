import { AuthError } from '@tangle/contracts';
import { assertNoUnsafeCharacters, codePointLength } from '../shared/text';

export const DISPLAY_NAME_MAX_LENGTH = 64;

/** Trims and checks a display name; throws INVALID_ARGUMENT naming the problem. */
export function normalizeDisplayName(raw: string): string {
  return normalizeNameText('name', raw, 'name is required');
}

/**
 * Trims and checks a first or last name by the display-name rules (NFC, at most 64 characters,
 * no control or bidirectional formatting characters); `field` names it in the error.
 */
export function normalizeNamePart(field: 'firstName' | 'lastName', raw: string): string {
  return normalizeNameText(field, raw, `${field} must not be empty`);
}

/**
 * The display name built from a first and a last name ("Ahmed Mohamed"), or from the one that
 * is given. Both together must fit the display name's length.
 */
export function composeDisplayName(firstName: string | null, lastName: string | null): string {
  const parts = [firstName, lastName].filter((part): part is string => part !== null);
  if (parts.length === 0) throw new AuthError('INVALID_ARGUMENT', 'name is required');
  const name = parts.map((part) => part.normalize('NFC').trim()).join(' ');
  if (parts.length === 2 && codePointLength(name) > DISPLAY_NAME_MAX_LENGTH) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `firstName and lastName together must be at most ${DISPLAY_NAME_MAX_LENGTH - 1} characters (they make the display name), or send a name`,
    );
  }
  return normalizeDisplayName(name);
}

function normalizeNameText(field: string, raw: string, emptyMessage: string): string {
  const name = raw.normalize('NFC').trim();
  if (name.length === 0) throw new AuthError('INVALID_ARGUMENT', emptyMessage);
  if (codePointLength(name) > DISPLAY_NAME_MAX_LENGTH) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `${field} must be at most ${DISPLAY_NAME_MAX_LENGTH} characters`,
    );
  }
  assertNoUnsafeCharacters(field, name);
  return name;
}
