import { bodyRefusal, depthExceeds } from './http-body';

describe('depthExceeds', () => {
  const nest = (levels: number) => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

  it('counts the body itself as level 1 and looks into objects and arrays alike', () => {
    expect(depthExceeds({ a: 1 }, 1)).toBe(false);
    expect(depthExceeds({ a: { b: 1 } }, 1)).toBe(true);
    expect(depthExceeds({ a: [1, { b: [] }] }, 4)).toBe(false);
    expect(depthExceeds({ a: [1, { b: [] }] }, 3)).toBe(true);
    expect(depthExceeds('text', 0)).toBe(false);
    expect(depthExceeds(undefined, 1)).toBe(false);
  });

  it('finds the deep branch among shallow ones', () => {
    expect(depthExceeds({ x: 1, y: [2], z: { deep: nest(31) } }, 32)).toBe(true);
    expect(depthExceeds({ x: 1, y: [2], z: { deep: nest(30) } }, 32)).toBe(false);
  });

  it('walks 100,000 levels without running out of stack', () => {
    expect(depthExceeds(nest(100_000), 32)).toBe(true);
  });
});

/** The shape of the http-errors that body-parser passes on. */
function httpError(status: number, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), {
    status,
    statusCode: status,
    expose: status < 500,
    ...extra,
  });
}

describe('bodyRefusal', () => {
  it("keeps a body parser's 4xx status, with the limit in the message when too large", () => {
    expect(
      bodyRefusal(
        httpError(413, 'request entity too large', { type: 'entity.too.large', limit: 65536 }),
      ),
    ).toEqual({ status: 413, detail: 'the body is larger than 65536 bytes' });
    expect(
      bodyRefusal(httpError(415, 'unsupported charset "KOI8-R"', { type: 'charset.unsupported' })),
    ).toEqual({ status: 415, detail: 'unsupported charset "KOI8-R"' });
    expect(bodyRefusal(httpError(400, 'incorrect header check'))).toEqual({
      status: 400,
      detail: 'incorrect header check',
    });
  });

  it('leaves server faults and ordinary errors alone', () => {
    expect(bodyRefusal(httpError(500, 'boom'))).toBeNull();
    expect(bodyRefusal(new Error('plain'))).toBeNull();
    expect(
      bodyRefusal(Object.assign(new Error('hidden'), { status: 400, expose: false })),
    ).toBeNull();
    expect(bodyRefusal('not an error')).toBeNull();
  });
});
