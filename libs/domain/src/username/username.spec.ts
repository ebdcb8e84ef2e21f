import { UsernameReleased, UsernameReserved } from '@tangle/contracts';
import { ABANDONED_RESERVATION_AFTER_MS } from '../email/email-reservation.decider';
import { given } from '../testing/given-when-then';
import { parseUsername, usernameReservationDecider } from './username';

describe('usernames', () => {
  it('keeps the typed form and compares case-insensitively', () => {
    expect(parseUsername(' Ada_L ')).toEqual({ value: 'Ada_L', normalized: 'ada_l' });
  });

  it.each(['', 'a', 'x'.repeat(33), 'has space', 'émile', 'semi;colon'])('refuses %j', (raw) => {
    expect(() => parseUsername(raw)).toThrow();
  });

  it('names a control character it refuses', () => {
    expect(() => parseUsername('ada\u0000')).toThrow(
      'username must not contain control or bidirectional formatting characters (found U+0000)',
    );
    expect(() => parseUsername('ada\u202e')).toThrow('found U+202E');
  });

  it('given a free name, when reserved, then username.reserved', () => {
    given(usernameReservationDecider)
      .when({ kind: 'reserve', userId: 'u1', username: 'Ada', holderRegistered: false, at: 1 })
      .then([{ type: UsernameReserved, data: { userId: 'u1', username: 'Ada', reservedAt: 1 } }]);
  });

  it('given a name held by another user, when reserved, then USERNAME_ALREADY_EXISTS', () => {
    given(usernameReservationDecider, [
      { type: UsernameReserved, data: { userId: 'u1', username: 'Ada', reservedAt: 1 } },
    ])
      .when({ kind: 'reserve', userId: 'u2', username: 'ADA', holderRegistered: true, at: 2 })
      .thenFails('USERNAME_ALREADY_EXISTS');
  });

  it('given an old reservation whose account never registered, when reserved, then released and taken', () => {
    const late = 1 + ABANDONED_RESERVATION_AFTER_MS;
    given(usernameReservationDecider, [
      { type: UsernameReserved, data: { userId: 'u1', username: 'Ada', reservedAt: 1 } },
    ])
      .when({ kind: 'reserve', userId: 'u2', username: 'ada', holderRegistered: false, at: late })
      .then([
        { type: UsernameReleased, data: { userId: 'u1', reason: 'abandoned', releasedAt: late } },
        { type: UsernameReserved, data: { userId: 'u2', username: 'ada', reservedAt: late } },
      ]);
  });

  it('given a recent reservation without an account, when reserved, then USERNAME_ALREADY_EXISTS', () => {
    given(usernameReservationDecider, [
      { type: UsernameReserved, data: { userId: 'u1', username: 'Ada', reservedAt: 1 } },
    ])
      .when({ kind: 'reserve', userId: 'u2', username: 'ada', holderRegistered: false, at: 2 })
      .thenFails('USERNAME_ALREADY_EXISTS');
  });
});
