import { AuthError } from '@tangle/contracts';
import { assertNoUnsafeCharacters } from '../shared/text';

export const EMAIL_MAX_LENGTH = 254;

// Deliberately simple: one @, a non-empty local part, a dotted domain, no spaces.
// Deliverability is proven by the verification mail, not by a regular expression.
const SHAPE = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/u;

export interface EmailAddress {
  /** As typed, trimmed: where mail is sent. */
  readonly address: string;
  /** Lower-cased: the form uniqueness is checked on. */
  readonly normalized: string;
}

export function parseEmailAddress(raw: string): EmailAddress {
  const address = raw.normalize('NFC').trim();
  if (address.length === 0) throw new AuthError('INVALID_ARGUMENT', 'email is empty');
  if (address.length > EMAIL_MAX_LENGTH) {
    throw new AuthError('INVALID_ARGUMENT', `email must be at most ${EMAIL_MAX_LENGTH} characters`);
  }
  assertNoUnsafeCharacters('email', address);
  if (!SHAPE.test(address)) throw new AuthError('INVALID_ARGUMENT', 'email is not a valid address');
  return { address, normalized: address.toLowerCase() };
}
