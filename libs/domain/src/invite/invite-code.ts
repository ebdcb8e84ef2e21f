/**
 * Invite codes: 10 characters drawn by a CSPRNG from 56 letters and digits that are URL-safe
 * and hard to confuse (no 0/O, 1/l/I): log2(56^10) ≈ 58 bits, so a guess at random hits one
 * of a million live invites about once in 2^38 tries, and the lookup limits allow far fewer.
 */
export const INVITE_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export const INVITE_CODE_LENGTH = 10;

const CODE_PATTERN = new RegExp(`^[${INVITE_CODE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`);

/** Whether `text` has the form of an invite code (anything else cannot name one). */
export function isInviteCode(text: string): boolean {
  return CODE_PATTERN.test(text);
}
