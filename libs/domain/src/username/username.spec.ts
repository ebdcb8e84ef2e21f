import { UsernameReserved } from '@tangle/contracts';
import { given } from '../testing/given-when-then';
import { parseUsername, usernameReservationDecider } from './username';

describe('usernames', () => {
  it('keeps the typed form and compares case-insensitively', () => {
    expect(parseUsername(' Ada_L ')).toEqual({ value: 'Ada_L', normalized: 'ada_l' });
  });

  it.each(['', 'a', 'x'.repeat(33), 'has space', 'émile', 'semi;colon'])('refuses %j', (raw) => {
    expect(() => parseUsername(raw)).toThrow();
  });

  it('given a free name, when reserved, then username.reserved', () => {
    given(usernameReservationDecider)
      .when({ kind: 'reserve', userId: 'u1', username: 'Ada', at: 1 })
      .then([{ type: UsernameReserved, data: { userId: 'u1', username: 'Ada', reservedAt: 1 } }]);
  });

  it('given a name held by another user, when reserved, then USERNAME_ALREADY_EXISTS', () => {
    given(usernameReservationDecider, [
      { type: UsernameReserved, data: { userId: 'u1', username: 'Ada', reservedAt: 1 } },
    ])
      .when({ kind: 'reserve', userId: 'u2', username: 'ADA', at: 2 })
      .thenFails('USERNAME_ALREADY_EXISTS');
  });
});
