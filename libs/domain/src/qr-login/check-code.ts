import { formatMatchCode, MATCH_CODE_ALPHABET, MATCH_CODE_LENGTH } from '../login/match-code';

/**
 * The check code a QR login shows on the new device (`K7M-42P`, from the match-code alphabet);
 * the approving device must type it. Typed codes are compared after this normalisation: case,
 * spaces and the dash do not matter.
 */
export const CHECK_CODE_ALPHABET = MATCH_CODE_ALPHABET;
export const CHECK_CODE_LENGTH = MATCH_CODE_LENGTH;

export function normalizeCheckCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export { formatMatchCode as formatCheckCode };
