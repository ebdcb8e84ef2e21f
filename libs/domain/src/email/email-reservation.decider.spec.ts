import { EmailReleased, EmailReserved, type EmailReservationEvent } from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import {
  ABANDONED_RESERVATION_AFTER_MS,
  emailReservationDecider,
} from './email-reservation.decider';

const reservedByU1: EmailReservationEvent = {
  type: EmailReserved,
  data: { userId: 'u1', email: 'a@example.com', reservedAt: 1_000 },
};

describe('email reservation decider', () => {
  it('given a free address, when reserved, then email.reserved', () => {
    given(emailReservationDecider)
      .when({ kind: 'reserve', userId: 'u1', email: 'a@example.com', at: 1_000 })
      .then([reservedByU1]);
  });

  it('given an address reserved by another user, when reserved, then EMAIL_ALREADY_EXISTS', () => {
    given(emailReservationDecider, [reservedByU1])
      .when({ kind: 'reserve', userId: 'u2', email: 'A@example.com', at: 2_000 })
      .thenFails('EMAIL_ALREADY_EXISTS');
  });

  it('given an address reserved by the same user, when reserved again, then nothing', () => {
    given(emailReservationDecider, [reservedByU1])
      .when({ kind: 'reserve', userId: 'u1', email: 'a@example.com', at: 2_000 })
      .then([]);
  });

  it('given a released address, when reserved, then email.reserved', () => {
    given(emailReservationDecider, [
      reservedByU1,
      { type: EmailReleased, data: { userId: 'u1', reason: 'deleted', releasedAt: 1_500 } },
    ])
      .when({ kind: 'reserve', userId: 'u2', email: 'a@example.com', at: 2_000 })
      .then([
        { type: EmailReserved, data: { userId: 'u2', email: 'a@example.com', reservedAt: 2_000 } },
      ]);
  });

  describe('abandoned reservations', () => {
    const late = 1_000 + ABANDONED_RESERVATION_AFTER_MS;

    it('given an old reservation whose account never registered, when taken over, then released and reserved', () => {
      given(emailReservationDecider, [reservedByU1])
        .when({
          kind: 'take-over-abandoned',
          userId: 'u2',
          email: 'a@example.com',
          holderRegistered: false,
          at: late,
        })
        .then([
          { type: EmailReleased, data: { userId: 'u1', reason: 'abandoned', releasedAt: late } },
          { type: EmailReserved, data: { userId: 'u2', email: 'a@example.com', reservedAt: late } },
        ]);
    });

    it('given a recent reservation, when taken over, then EMAIL_ALREADY_EXISTS (the sign-up may still finish)', () => {
      given(emailReservationDecider, [reservedByU1])
        .when({
          kind: 'take-over-abandoned',
          userId: 'u2',
          email: 'a@example.com',
          holderRegistered: false,
          at: late - 1,
        })
        .thenFails('EMAIL_ALREADY_EXISTS');
    });

    it('given a reservation whose account exists, when taken over, then EMAIL_ALREADY_EXISTS', () => {
      given(emailReservationDecider, [reservedByU1])
        .when({
          kind: 'take-over-abandoned',
          userId: 'u2',
          email: 'a@example.com',
          holderRegistered: true,
          at: late * 10,
        })
        .thenFails('EMAIL_ALREADY_EXISTS');
    });
  });

  it('given a reservation, when another user releases it, then nothing', () => {
    given(emailReservationDecider, [reservedByU1])
      .when({ kind: 'release', userId: 'u2', reason: 'changed', at: 3_000 })
      .then([]);
  });
});
