import { printable } from './printable';

describe('printable', () => {
  it('escapes C0 controls, DEL and C1 controls', () => {
    expect(printable('a\u0000b\u001b[2Jc\u007fd\u009be\u0085')).toBe(
      'a\\x00b\\x1B[2Jc\\x7Fd\\x9Be\\x85',
    );
  });

  it('keeps a line one line', () => {
    expect(printable('one\r\ntwo\tthree\u2028four\u2029')).toBe(
      'one\\r\\ntwo\\tthree\\u2028four\\u2029',
    );
  });

  it('escapes bidirectional controls and invisible format characters', () => {
    expect(printable('ab\u202ecd\u2066e\u2069\u200e\u200f\u061c\ufeff\u200b')).toBe(
      'ab\\u202Ecd\\u2066e\\u2069\\u200E\\u200F\\u061C\\uFEFF\\u200B',
    );
  });

  it('escapes lone surrogates', () => {
    expect(printable('x\ud800y\udfffz')).toBe('x\\uD800y\\uDFFFz');
  });

  it('leaves printable text of any script alone, emoji sequences included', () => {
    const text = 'Ada Lovelace — Émile, محمد, שלום, 李小龙, 👩‍💻 👍🏽 "quoted" \\ back';
    expect(printable(text)).toBe(text);
  });
});
