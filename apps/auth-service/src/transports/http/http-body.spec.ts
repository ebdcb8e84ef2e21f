import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { AuthError } from '@tangle/contracts';
import {
  BodyRefusal,
  charsetOf,
  depthExceeds,
  FORM_MAX_PARAMETERS,
  parseForm,
  parseJson,
  readBody,
  readFormBody,
  readJsonBody,
} from './http-body';

/** A request whose body arrives in the given chunks. */
function request(headers: Record<string, string>, ...chunks: Array<string | Buffer>) {
  const stream = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  return Object.assign(stream, { headers }) as unknown as IncomingMessage & Readable;
}

async function refusalOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

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

describe('readBody', () => {
  const body = JSON.stringify({ name: 'x'.repeat(1_000) });

  it('reads a body in any number of chunks, up to the limit', async () => {
    const read = await readBody(request({}, body.slice(0, 10), body.slice(10)), 2_000);
    expect(read.toString()).toBe(body);
  });

  it('undoes gzip, deflate and brotli', async () => {
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['br', brotliCompressSync(body)],
      ['GZIP', gzipSync(body)],
    ] as const) {
      const read = await readBody(request({ 'content-encoding': encoding }, bytes), 2_000);
      expect(read.toString()).toBe(body);
    }
  });

  it('refuses 413 a body over the limit, declared or not, and counts inflated bytes', async () => {
    const tooLarge = { status: 413, message: 'the body is larger than 500 bytes' };
    expect(await refusalOf(readBody(request({ 'content-length': '1001' }, body), 500))).toEqual(
      expect.objectContaining(tooLarge),
    );
    expect(
      await refusalOf(readBody(request({}, body.slice(0, 400), body.slice(400)), 500)),
    ).toEqual(expect.objectContaining(tooLarge));
    const bomb = gzipSync('x'.repeat(100_000));
    expect(bomb.length).toBeLessThan(500);
    expect(await refusalOf(readBody(request({ 'content-encoding': 'gzip' }, bomb), 500))).toEqual(
      expect.objectContaining(tooLarge),
    );
  });

  it('reads a refused body off to its end before refusing', async () => {
    const stream = request({ 'content-length': '1001' }, body);
    await refusalOf(readBody(stream, 500));
    expect(stream.readableEnded).toBe(true);
  });

  it('refuses 415 an encoding it does not know and 400 one that does not undo', async () => {
    expect(
      await refusalOf(readBody(request({ 'content-encoding': 'snappy' }, body), 2_000)),
    ).toEqual(
      expect.objectContaining({ status: 415, message: 'unsupported content encoding "snappy"' }),
    );
    const broken = await refusalOf(
      readBody(request({ 'content-encoding': 'gzip' }, 'not gzip at all'), 2_000),
    );
    expect(broken).toBeInstanceOf(BodyRefusal);
    expect(broken).toMatchObject({ status: 400 });
  });
});

describe('readJsonBody', () => {
  it('parses UTF-8 JSON, whether or not the charset is named', async () => {
    const json = JSON.stringify({ name: 'Zoë' });
    expect(await readJsonBody(request({}, json), 100)).toEqual({ name: 'Zoë' });
    expect(
      await readJsonBody(
        request({ 'content-type': 'application/json; charset="UTF-8"' }, json),
        100,
      ),
    ).toEqual({ name: 'Zoë' });
  });

  it('refuses 415 any other charset, after reading the body off', async () => {
    const stream = request({ 'content-type': 'application/json; charset=koi8-r' }, '{}');
    expect(await refusalOf(readJsonBody(stream, 100))).toEqual(
      expect.objectContaining({ status: 415, message: 'unsupported charset "KOI8-R"' }),
    );
    expect(stream.readableEnded).toBe(true);
  });

  it('refuses a body nested deeper than 32 levels as INVALID_ARGUMENT', async () => {
    const deep = `{"a":${'['.repeat(32)}${']'.repeat(32)}}`;
    const refusal = await refusalOf(readJsonBody(request({}, deep), 10_000));
    expect(refusal).toBeInstanceOf(AuthError);
    expect(refusal).toMatchObject({
      errorName: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/nested deeper than 32 levels/),
    });
    const atLimit = `{"a":${'['.repeat(31)}${']'.repeat(31)}}`;
    await expect(readJsonBody(request({}, atLimit), 10_000)).resolves.toBeDefined();
  });
});

describe('parseJson', () => {
  it('reads an empty body as {} and takes objects and arrays only', () => {
    expect(parseJson('')).toEqual({});
    expect(parseJson(' \n')).toEqual({});
    expect(parseJson(' [1]')).toEqual([1]);
    expect(() => parseJson('"text"')).toThrow(BodyRefusal);
    expect(() => parseJson('42')).toThrow('the body is not a JSON object or array');
  });

  it('refuses JSON that does not parse with 400 and the parser’s message', () => {
    const refusal = (() => {
      try {
        parseJson('{not json');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(BodyRefusal);
    expect(refusal).toMatchObject({ status: 400, message: expect.stringMatching(/JSON/) });
  });

  it('keeps "__proto__" an own property, never a prototype', () => {
    const parsed = parseJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseForm and readFormBody', () => {
  it('reads flat fields, repeated names as arrays, + as a space', () => {
    expect(parseForm('token=a%2Bb&answer=confirm&x=1&x=2&s=a+b', 'utf-8')).toEqual({
      token: 'a+b',
      answer: 'confirm',
      x: ['1', '2'],
      s: 'a b',
    });
    expect(parseForm('', 'utf-8')).toEqual({});
  });

  it('returns a plain object whose "__proto__" is an own field', () => {
    const form = parseForm('__proto__=x&answer=deny', 'utf-8');
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
    expect(Object.keys(form)).toEqual(['__proto__', 'answer']);
  });

  it('decodes ISO-8859-1 forms byte by byte', async () => {
    const form = await readFormBody(
      request(
        { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' },
        'n=Zo%EB',
      ),
      100,
    );
    expect(form).toEqual({ n: 'Zoë' });
    expect(
      await refusalOf(
        readFormBody(
          request({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-16' }, 'a=b'),
          100,
        ),
      ),
    ).toMatchObject({ status: 415 });
  });

  it(`refuses more than ${FORM_MAX_PARAMETERS} fields with 413`, () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=1`).join('&');
    expect(Object.keys(parseForm(fields(FORM_MAX_PARAMETERS), 'utf-8'))).toHaveLength(
      FORM_MAX_PARAMETERS,
    );
    expect(() => parseForm(fields(FORM_MAX_PARAMETERS + 1), 'utf-8')).toThrow(
      expect.objectContaining({ status: 413, message: 'too many parameters' }),
    );
  });
});

describe('charsetOf', () => {
  it('reads the charset parameter in any case, quoted or not', () => {
    expect(charsetOf('application/json')).toBeUndefined();
    expect(charsetOf(undefined)).toBeUndefined();
    expect(charsetOf('application/json; charset=UTF-8')).toBe('utf-8');
    expect(charsetOf('application/json;Charset="koi8-r"; q=1')).toBe('koi8-r');
  });
});
