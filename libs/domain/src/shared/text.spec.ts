import { AuthError } from '@tangle/contracts';
import { assertNoUnsafeCharacters, findUnsafeCharacter } from './text';

const UNSAFE = [
  ['NUL', '\u0000'],
  ['ESC', '\u001b'],
  ['line feed', '\n'],
  ['DEL', '\u007f'],
  ['C1 CSI', '\u009b'],
  ['C1 NEL', '\u0085'],
  ['line separator', '\u2028'],
  ['left-to-right mark', '\u200e'],
  ['right-to-left mark', '\u200f'],
  ['right-to-left override', '\u202e'],
  ['left-to-right embedding', '\u202a'],
  ['first strong isolate', '\u2068'],
  ['pop directional isolate', '\u2069'],
  ['Arabic letter mark', '\u061c'],
] as const;

describe('unsafe characters in user-typed text', () => {
  it.each(UNSAFE)('finds %s', (_name, character) => {
    const code = character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    expect(findUnsafeCharacter(`ab${character}cd`)).toBe(`U+${code}`);
  });

  it.each(['Ada Lovelace', 'Émile Zola', 'محمد', 'שלום', '李小龙', '😀 party', 'tab-free'])(
    'lets %j through',
    (text) => expect(findUnsafeCharacter(text)).toBeNull(),
  );

  it('refuses with INVALID_ARGUMENT naming the field and the character', () => {
    let thrown: unknown;
    try {
      assertNoUnsafeCharacters('name', 'evil\u001b[31m');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AuthError);
    expect((thrown as AuthError).errorName).toBe('INVALID_ARGUMENT');
    expect((thrown as AuthError).message).toContain('name must not contain control');
    expect((thrown as AuthError).message).toContain('U+001B');
  });
});
