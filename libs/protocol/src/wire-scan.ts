/**
 * A tolerant reader of a frame's top-level protobuf fields. It never throws and never recurses:
 * it reports the fields it could walk and stops at the first malformed byte.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

const MAX_FIELD = 0x1fff_ffff;

export interface TopLevelField {
  field: number;
  wireType: number;
  /** Offset of the value, right after the tag. */
  offset: number;
}

interface Varint {
  /** Low 32 bits, unsigned. */
  value: number;
  /** More than 32 significant bits were present. */
  wide: boolean;
  next: number;
}

/** Reads a varint of at most 10 bytes; null when truncated or overlong. */
export function readVarint(buf: Uint8Array, pos: number): Varint | null {
  let low = 0;
  let wide = false;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= buf.length) return null;
    const byte = buf[pos + i];
    const bits = byte & 0x7f;
    if (i < 4) low += bits * 2 ** (7 * i);
    else if (i === 4) {
      low += (bits & 0x0f) * 2 ** 28;
      if (bits > 0x0f) wide = true;
    } else if (bits !== 0) wide = true;
    if (byte < 0x80) return { value: low >>> 0, wide, next: pos + i + 1 };
  }
  return null;
}

/** Position after the value of a field, or -1 when it does not fit. Groups are walked iteratively. */
function skipValue(buf: Uint8Array, field: number, wireType: number, pos: number): number {
  switch (wireType) {
    case WIRE_VARINT: {
      const v = readVarint(buf, pos);
      return v ? v.next : -1;
    }
    case WIRE_FIXED64:
      return pos + 8 <= buf.length ? pos + 8 : -1;
    case WIRE_FIXED32:
      return pos + 4 <= buf.length ? pos + 4 : -1;
    case WIRE_LEN: {
      const len = readVarint(buf, pos);
      if (!len || len.wide || len.value > buf.length - len.next) return -1;
      return len.next + len.value;
    }
    case WIRE_START_GROUP:
      return skipGroup(buf, field, pos);
    default:
      return -1;
  }
}

function skipGroup(buf: Uint8Array, field: number, pos: number): number {
  const open = [field];
  while (open.length > 0) {
    const tag = readTag(buf, pos);
    if (!tag) return -1;
    pos = tag.next;
    if (tag.wireType === WIRE_END_GROUP) {
      if (open.pop() !== tag.field) return -1;
    } else if (tag.wireType === WIRE_START_GROUP) {
      open.push(tag.field);
    } else {
      pos = skipValue(buf, tag.field, tag.wireType, pos);
      if (pos < 0) return -1;
    }
  }
  return pos;
}

function readTag(
  buf: Uint8Array,
  pos: number,
): { field: number; wireType: number; next: number } | null {
  const v = readVarint(buf, pos);
  if (!v || v.wide) return null;
  const field = v.value >>> 3;
  if (field === 0 || field > MAX_FIELD) return null;
  return { field, wireType: v.value & 7, next: v.next };
}

/**
 * Walks the top-level fields in order, calling `visit` for each until it returns true. Returns
 * false when the walk stopped at a malformed or truncated field.
 */
export function forEachTopLevelField(
  buf: Uint8Array,
  visit: (field: TopLevelField) => boolean | void,
): boolean {
  let pos = 0;
  while (pos < buf.length) {
    const tag = readTag(buf, pos);
    if (!tag || tag.wireType === WIRE_END_GROUP) return false;
    if (visit({ field: tag.field, wireType: tag.wireType, offset: tag.next }) === true) return true;
    pos = skipValue(buf, tag.field, tag.wireType, tag.next);
    if (pos < 0) return false;
  }
  return true;
}

/**
 * The last well-formed varint value of a top-level field, as protobuf's "last one wins" would
 * read it into a uint32, or undefined.
 */
export function salvageUint32(buf: Uint8Array, field: number): number | undefined {
  let found: number | undefined;
  forEachTopLevelField(buf, (f) => {
    if (f.field !== field || f.wireType !== WIRE_VARINT) return;
    const v = readVarint(buf, f.offset);
    if (v) found = v.value;
  });
  return found;
}
