import { EmailReleased, EmailReserved, type EmailReservationEvent } from '@tangle/contracts';
import { reservationDecider } from '../reservation/reservation.decider';

/** `email-<key>` streams: one account per address (case-insensitive, see email-address.ts). */
export const emailReservationDecider = reservationDecider<EmailReservationEvent>({
  reserved: (userId, email, reservedAt) => ({
    type: EmailReserved,
    data: { userId, email, reservedAt },
  }),
  released: (userId, reason, releasedAt) => ({
    type: EmailReleased,
    data: { userId, reason, releasedAt },
  }),
  read: (event) =>
    event.type === EmailReserved
      ? {
          status: 'reserved',
          userId: event.data.userId,
          value: event.data.email,
          reservedAt: event.data.reservedAt,
        }
      : { status: 'free' },
  taken: 'EMAIL_ALREADY_EXISTS',
});
