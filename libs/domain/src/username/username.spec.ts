import { parseUsername } from './username';

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
});
