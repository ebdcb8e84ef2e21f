/**
 * Phone numbers as people type them, turned into E.164 (`+201234567890`) by the numbering plans
 * of every country: data the pure domain does not hold.
 */
export interface PhoneNumberParser {
  /**
   * The number in E.164. Throws INVALID_ARGUMENT saying what is wrong: not a phone number,
   * no country code (and no default region to assume), an extension, or a number that does not
   * exist in its country's plan.
   */
  toE164(raw: string): string;
}
export const PHONE_NUMBER_PARSER = Symbol('PhoneNumberParser');
