import {
  CredentialReleased,
  CredentialReserved,
  type CredentialReservationEvent,
} from '@tangle/contracts';
import { reservationDecider } from '../reservation/reservation.decider';

/** `credential-<key>` streams: a passkey's credential id belongs to one account. */
export const credentialReservationDecider = reservationDecider<CredentialReservationEvent>({
  reserved: (userId, credentialId, reservedAt) => ({
    type: CredentialReserved,
    data: { userId, credentialId, reservedAt },
  }),
  released: (userId, reason, releasedAt) => ({
    type: CredentialReleased,
    data: { userId, reason, releasedAt },
  }),
  read: (event) =>
    event.type === CredentialReserved
      ? {
          status: 'reserved',
          userId: event.data.userId,
          value: event.data.credentialId,
          reservedAt: event.data.reservedAt,
        }
      : { status: 'free' },
  taken: 'INVALID_ARGUMENT',
});
