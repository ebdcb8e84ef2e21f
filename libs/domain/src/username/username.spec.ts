import { parseUsername } from './username';

describe('usernames', () => {
  it('keeps the typed form and compares case-insensitively', () => {
    expect(parseUsername(' Ada_L ')).toEqual({ value: 'Ada_L', normalized: 'ada_l' });
  });

  it.each(['', 'a', 'x'.repeat(33), 'has space', 'émile', 'semi;colon'])('refuses %j', (raw) => {
    expect(() => parseUsername(raw)).toThrow();
  });
});
