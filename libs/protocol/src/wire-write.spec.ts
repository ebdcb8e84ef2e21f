import { utf8Size, varintSize, writeUtf8, writeVarint } from './wire-write';

describe('wire-write', () => {
  it.each([0, 1, 127, 128, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 32 - 1])(
    'writes varint %d in varintSize bytes',
    (value) => {
      const buf = new Uint8Array(8);
      const end = writeVarint(buf, 0, value);
      expect(end).toBe(varintSize(value));
      let decoded = 0;
      for (let i = 0; i < end; i++) decoded += (buf[i] & 0x7f) * 2 ** (7 * i);
      expect(decoded).toBe(value);
    },
  );

  it('encodes UTF-8 like Buffer, lone surrogates included', () => {
    const pieces = ['a', 'é', '€', '😀', '\ud800', '\udc00', 'z', '\u07ff', '\u0800', '\uffff'];
    let seed = 7;
    for (let i = 0; i < 3_000; i++) {
      let text = '';
      const length = i % 70;
      for (let j = 0; j < length; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        text += pieces[seed % pieces.length];
      }
      const expected = Buffer.from(text, 'utf8');
      const size = utf8Size(text);
      expect(size).toBe(expected.length);
      const buf = Buffer.alloc(size + 2);
      expect(writeUtf8(buf, 1, text, size)).toBe(size + 1);
      expect(buf.subarray(1, size + 1).equals(expected)).toBe(true);
    }
  });
});
