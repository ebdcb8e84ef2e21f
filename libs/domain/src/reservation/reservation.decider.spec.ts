import {
  EmailReleased,
  EmailReserved,
  UsernameReleased,
  UsernameReserved,
  type EmailReservationEvent,
  type UsernameReservationEvent,
} from '@tangle/contracts';
import { emailReservationDecider } from '../email/email-reservation.decider';
import type { Decider } from '../shared/decider';
import { given } from '../testing/given-when-then';
import { usernameReservationDecider } from '../username/username';
import {
  ABANDONED_RESERVATION_AFTER_MS,
  type ReservationCommand,
  type ReservationState,
} from './reservation.decider';

type Kind<E> = {
  decider: Decider<ReservationCommand, ReservationState, E>;
  reserved: (userId: string, value: string, at: number) => E;
  released: (userId: string, reason: 'abandoned' | 'deleted', at: number) => E;
  taken: 'EMAIL_ALREADY_EXISTS' | 'USERNAME_ALREADY_EXISTS';
  value: string;
};

const email: Kind<EmailReservationEvent> = {
  decider: emailReservationDecider,
  reserved: (userId, value, reservedAt) => ({
    type: EmailReserved,
    data: { userId, email: value, reservedAt },
  }),
  released: (userId, reason, releasedAt) => ({
    type: EmailReleased,
    data: { userId, reason, releasedAt },
  }),
  taken: 'EMAIL_ALREADY_EXISTS',
  value: 'a@example.com',
};

const username: Kind<UsernameReservationEvent> = {
  decider: usernameReservationDecider,
  reserved: (userId, value, reservedAt) => ({
    type: UsernameReserved,
    data: { userId, username: value, reservedAt },
  }),
  released: (userId, reason, releasedAt) => ({
    type: UsernameReleased,
    data: { userId, reason, releasedAt },
  }),
  taken: 'USERNAME_ALREADY_EXISTS',
  value: 'Ada',
};

describe.each([
  ['email', email],
  ['username', username],
] as const)('%s reservations', (_name, kind: Kind<unknown>) => {
  const { decider, value } = kind;
  const byU1 = kind.reserved('u1', value, 1_000);
  const reserve = (userId: string, at: number, holderHolds: boolean): ReservationCommand => ({
    kind: 'reserve',
    userId,
    value,
    holderHolds,
    at,
  });
  const late = 1_000 + ABANDONED_RESERVATION_AFTER_MS;

  it('given a free value, when reserved, then reserved', () => {
    given(decider)
      .when(reserve('u1', 1_000, false))
      .then([byU1]);
  });

  it('given a value held by a registered account, when reserved by another, then taken', () => {
    given(decider, [byU1])
      .when(reserve('u2', 2_000, true))
      .thenFails(kind.taken);
  });

  it('given a value held by a registered account for long, when reserved by another, then still taken', () => {
    given(decider, [byU1])
      .when(reserve('u2', late + 86_400_000, true))
      .thenFails(kind.taken);
  });

  it('given a value held by the same user, when reserved again, then nothing', () => {
    given(decider, [byU1])
      .when(reserve('u1', 2_000, true))
      .then([]);
  });

  it('given a recent claim its account does not hold yet, when claimed again by the same user, then nothing', () => {
    given(decider, [byU1])
      .when(reserve('u1', 1_000 + ABANDONED_RESERVATION_AFTER_MS / 2 - 1, false))
      .then([]);
  });

  it('given a claim half-way to a takeover that its account does not hold, when claimed again by the same user, then renewed', () => {
    const at = 1_000 + ABANDONED_RESERVATION_AFTER_MS / 2;
    const renewed = given(decider, [byU1])
      .when(reserve('u1', at, false))
      .then([kind.reserved('u1', value, at)]);
    expect(renewed).toEqual({ status: 'reserved', userId: 'u1', value, reservedAt: at });
  });

  it('given an old reservation whose account holds the value elsewhere no more, when reserved by another, then released and taken over', () => {
    given(decider, [byU1])
      .when(reserve('u2', late + 86_400_000, false))
      .then([
        kind.released('u1', 'abandoned', late + 86_400_000),
        kind.reserved('u2', value, late + 86_400_000),
      ]);
  });

  it('given a released value, when reserved, then reserved', () => {
    given(decider, [byU1, kind.released('u1', 'deleted', 1_500)])
      .when(reserve('u2', 2_000, false))
      .then([kind.reserved('u2', value, 2_000)]);
  });

  it('given an old reservation whose account never registered, when reserved, then released and taken over', () => {
    given(decider, [byU1])
      .when(reserve('u2', late, false))
      .then([kind.released('u1', 'abandoned', late), kind.reserved('u2', value, late)]);
  });

  it('given a recent reservation whose account never registered, when reserved, then taken', () => {
    given(decider, [byU1])
      .when(reserve('u2', late - 1, false))
      .thenFails(kind.taken);
  });

  it('given a reservation, when released by its holder, then released', () => {
    given(decider, [byU1])
      .when({ kind: 'release', userId: 'u1', reason: 'deleted', at: 3_000 })
      .then([kind.released('u1', 'deleted', 3_000)]);
  });

  it('given a reservation, when released by someone else, then nothing', () => {
    given(decider, [byU1])
      .when({ kind: 'release', userId: 'u2', reason: 'deleted', at: 3_000 })
      .then([]);
  });
});
