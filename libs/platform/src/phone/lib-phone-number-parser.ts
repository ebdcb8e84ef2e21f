import type { PhoneNumberParser } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
// The "max" metadata: with the default "min" set, isValid() checks only the length.
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';

/** Longer input is refused before parsing: no phone number needs it, with any punctuation. */
export const PHONE_INPUT_MAX_LENGTH = 64;

/** Digits and punctuation without a leading plus: a number written the national way. */
const NATIONAL_LOOKING = /^(?=.*\p{Nd})[\p{Nd}\s().\-/]+$/u;

/** True for an ISO 3166-1 alpha-2 code (upper case) that has a numbering plan. */
export function isPhoneRegion(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/**
 * Phone numbers through libphonenumber-js. Numbers in international format (`+20 123 456 7890`,
 * `+1 (213) 373-4253`) are always accepted; national ones (`01234567890`) only with a default
 * region, whose plan they are read in. The whole input must be the number (punctuation aside):
 * no text around it, no extension. A number must be valid in its country's plan, not only of a
 * possible length.
 */
export class LibPhoneNumberParser implements PhoneNumberParser {
  private readonly defaultRegion: CountryCode | undefined;

  constructor(defaultRegion: string | null = null) {
    if (defaultRegion !== null && !isPhoneRegion(defaultRegion)) {
      throw new Error(`not a region with a phone numbering plan: ${JSON.stringify(defaultRegion)}`);
    }
    this.defaultRegion = (defaultRegion ?? undefined) as CountryCode | undefined;
  }

  toE164(raw: string): string {
    const input = raw.trim();
    if (input.length > PHONE_INPUT_MAX_LENGTH) {
      throw invalid(`phone must be at most ${PHONE_INPUT_MAX_LENGTH} characters`);
    }
    const parsed = parsePhoneNumberFromString(input, {
      defaultCountry: this.defaultRegion,
      extract: false,
    });
    if (parsed === undefined) {
      if (this.defaultRegion === undefined && NATIONAL_LOOKING.test(input)) {
        throw invalid(
          'phone must be in international format: + and the country code, e.g. +201234567890',
        );
      }
      throw invalid('phone is not a phone number');
    }
    if (parsed.ext) throw invalid('phone must not have an extension');
    if (!parsed.isValid()) throw invalid('phone is not a valid phone number');
    return parsed.number;
  }
}

function invalid(detail: string): AuthError {
  return new AuthError('INVALID_ARGUMENT', detail);
}
