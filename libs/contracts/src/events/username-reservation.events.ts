/** Events of the `username-<key>` stream: case-insensitive username uniqueness, like emails. */

export const UsernameReserved = 'username.reserved.v1';
export interface UsernameReservedData {
  userId: string;
  username: string;
  reservedAt: number;
}

export const UsernameReleased = 'username.released.v1';
export interface UsernameReleasedData {
  userId: string;
  /** `abandoned`: the reservation's account was never registered (a crash mid-registration). */
  reason: 'abandoned' | 'changed' | 'deleted';
  releasedAt: number;
}

export type UsernameReservationEvent =
  | { type: typeof UsernameReserved; data: UsernameReservedData }
  | { type: typeof UsernameReleased; data: UsernameReleasedData };
