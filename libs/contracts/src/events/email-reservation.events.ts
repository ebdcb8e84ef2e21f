/**
 * Events of the `email-<key>` stream, where key is a keyed hash of the normalised address.
 * The first reservation is appended with expected revision "no stream": that append is
 * what makes an address unique without a cross-stream transaction.
 */

export const EmailReserved = 'email.reserved.v1';
export interface EmailReservedData {
  userId: string;
  email: string;
  reservedAt: number;
}

export const EmailReleased = 'email.released.v1';
export interface EmailReleasedData {
  userId: string;
  /** `abandoned`: the reservation's account was never registered (a crash mid sign-up). */
  reason: 'abandoned' | 'changed' | 'deleted';
  releasedAt: number;
}

export type EmailReservationEvent =
  | { type: typeof EmailReserved; data: EmailReservedData }
  | { type: typeof EmailReleased; data: EmailReleasedData };
