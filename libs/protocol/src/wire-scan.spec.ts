import { forEachTopLevelField, readVarint, salvageUint32 } from './wire-scan';

const bytesOf = (spaced: string) => Uint8Array.from(Buffer.from(spaced.replace(/\s+/g, ''), 'hex'));

describe('readVarint', () => {
  it.each([
    ['00', 0, false],
    ['7f', 127, false],
    ['ac 02', 300, false],
    ['ff ff ff ff 0f', 0xffffffff, false],
    ['80 80 80 80 10', 0, true],
    ['ff ff ff ff ff ff ff ff ff 01', 0xffffffff, true],
  ])('reads %s', (spaced, value, wide) => {
    expect(readVarint(bytesOf(spaced), 0)).toMatchObject({ value, wide });
  });

  it.each(['', '80', 'ff ff', '80 80 80 80 80 80 80 80 80 80 01'])('rejects %p', (spaced) => {
    expect(readVarint(bytesOf(spaced), 0)).toBeNull();
  });
});

describe('forEachTopLevelField', () => {
  it('walks every wire type', () => {
    const frame = bytesOf('08 01  11 0102030405060708  1a 01 61  23 08 05 24  2d 01020304');
    const fields: Array<[number, number]> = [];
    expect(forEachTopLevelField(frame, (f) => void fields.push([f.field, f.wireType]))).toBe(true);
    expect(fields).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 5],
    ]);
  });

  it.each([
    ['a truncated fixed64', '08 01 11 01 02'],
    ['a length beyond the frame', '08 01 12 05 61'],
    ['a top-level end group', '08 01 0c'],
    ['a mismatched end group', '08 01 23 2c'],
    ['an unclosed group', '08 01 23 08 01'],
    ['wire type 6', '08 01 0e'],
    ['field number 0', '08 01 02 00'],
  ])('stops at %s and keeps what came before', (_name, spaced) => {
    const fields: number[] = [];
    expect(forEachTopLevelField(bytesOf(spaced), (f) => void fields.push(f.field))).toBe(false);
    expect(fields[0]).toBe(1);
    expect(salvageUint32(bytesOf(spaced), 1)).toBe(1);
  });

  it('stops early when the visitor says so', () => {
    const seen: number[] = [];
    forEachTopLevelField(bytesOf('08 01 10 02 18 03'), (f) => {
      seen.push(f.field);
      return f.field === 2;
    });
    expect(seen).toEqual([1, 2]);
  });

  it('skips a 100,000-deep group without recursion', () => {
    const depth = 100_000;
    const frame = new Uint8Array(depth * 2 + 2);
    frame.fill(0x23, 0, depth); // field 4, start group
    frame.fill(0x24, depth, depth * 2); // field 4, end group
    frame.set(bytesOf('08 07'), depth * 2);
    expect(salvageUint32(frame, 1)).toBe(7);
  });
});
