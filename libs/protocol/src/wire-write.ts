/** Byte-level helpers for the hand-built server envelopes in frame-codec.ts. */

export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

/** Writes an unsigned 32-bit varint; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    buf[pos++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buf[pos++] = value;
  return pos;
}

/** The varint value of a field's tag. */
export function tag(field: number, wireType: number): number {
  return ((field << 3) | wireType) >>> 0;
}

/** Size of a length-delimited field: tag, length prefix and body. */
export function lenFieldSize(fieldTag: number, bodySize: number): number {
  return varintSize(fieldTag) + varintSize(bodySize) + bodySize;
}

/** Writes tag and length prefix of a length-delimited field; returns the body position. */
export function writeLenHeader(buf: Uint8Array, pos: number, fieldTag: number, bodySize: number) {
  return writeVarint(buf, writeVarint(buf, pos, fieldTag), bodySize);
}

const SHORT_STRING = 48;

/** UTF-8 byte length; lone surrogates count as U+FFFD, as Buffer does. */
export function utf8Size(str: string): number {
  if (str.length > SHORT_STRING) return Buffer.byteLength(str, 'utf8');
  let size = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c >= 0xd800 && c < 0xdc00 && isLowSurrogate(str, i + 1)) {
      size += 4;
      i++;
    } else size += 3;
  }
  return size;
}

/** Writes `str` as UTF-8 of `size` bytes (from utf8Size); returns the position after it. */
export function writeUtf8(buf: Buffer, pos: number, str: string, size: number): number {
  if (str.length > SHORT_STRING) return pos + buf.write(str, pos, size, 'utf8');
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      buf[pos++] = c;
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c < 0xdc00 && isLowSurrogate(str, i + 1)) {
      c = 0x10000 + ((c - 0xd800) << 10) + (str.charCodeAt(++i) - 0xdc00);
      buf[pos++] = 0xf0 | (c >> 18);
      buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}

function isLowSurrogate(str: string, i: number): boolean {
  const c = str.charCodeAt(i);
  return c >= 0xdc00 && c < 0xe000;
}
