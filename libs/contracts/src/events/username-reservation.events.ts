/** Events of the `username-<key>` stream: case-insensitive username uniqueness, like emails. */

export const UsernameReserved = 'username.reserved.v1';
export interface UsernameReservedData {
  userId: string;
  username: string;
  reservedAt: number;
}

export type UsernameReservationEvent = {
  type: typeof UsernameReserved;
  data: UsernameReservedData;
};
