import type { IncomingMessage } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AuthError } from '@tangle/contracts';

/** Bodies nested deeper than this are refused before validation; no route needs more than 2. */
export const JSON_MAX_DEPTH = 32;

/** A form with more fields than this is refused (413); the confirmation page's has 2. */
export const FORM_MAX_PARAMETERS = 1000;

/** The Content-Encodings a body may arrive in, each with what undoes it. */
const INFLATERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * A request body refused before any route sees it: too large (413), in an encoding or
 * charset this service does not read (415), or unreadable (400). The message is the
 * client's to read; nothing about it is logged.
 */
export class BodyRefusal extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyRefusal';
  }
}

/**
 * A JSON body (UTF-8, as RFC 8259 asks of JSON between systems): `{}` when empty, an object
 * or array otherwise, no deeper than JSON_MAX_DEPTH.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const charset = charsetOf(request.headers['content-type']) ?? 'utf-8';
  if (charset !== 'utf-8') return refuseAfterReading(request, unsupportedCharset(charset));
  const text = (await readBody(request, maxBytes)).toString('utf8');
  return checkDepth(parseJson(text));
}

/**
 * An `application/x-www-form-urlencoded` body (UTF-8 or ISO-8859-1), flat: repeated names
 * give arrays, brackets mean nothing.
 */
export async function readFormBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Record<string, string | string[]>> {
  const charset = charsetOf(request.headers['content-type']) ?? 'utf-8';
  if (charset !== 'utf-8' && charset !== 'iso-8859-1') {
    return refuseAfterReading(request, unsupportedCharset(charset));
  }
  const body = await readBody(request, maxBytes);
  return parseForm(body.toString(charset === 'utf-8' ? 'utf8' : 'latin1'), charset);
}

/**
 * The body's bytes after Content-Encoding is undone, at most `maxBytes` of them (the limit
 * counts inflated bytes: a small gzip of a large body is refused too). A refused body is read
 * off to its end before the refusal is answered, so the client sees the answer rather than a
 * reset connection.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const refuse = (refusal: BodyRefusal) => discard(request, () => reject(refusal));
    const tooLarge = () => new BodyRefusal(413, `the body is larger than ${maxBytes} bytes`);
    let source: Readable = request;
    if (encoding !== 'identity') {
      const inflate = Object.hasOwn(INFLATERS, encoding) ? INFLATERS[encoding] : undefined;
      if (!inflate) {
        refuse(new BodyRefusal(415, `unsupported content encoding "${encoding}"`));
        return;
      }
      const inflater = inflate();
      source = request.pipe(inflater);
    } else if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
      refuse(tooLarge());
      return;
    }

    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const stop = (refusal: BodyRefusal) => {
      if (settled) return;
      settled = true;
      if (source !== request) {
        request.unpipe(source as Transform);
        source.destroy();
      }
      refuse(refusal);
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      length += chunk.length;
      if (length > maxBytes) stop(tooLarge());
      else chunks.push(chunk);
    });
    source.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
    });
    source.once('error', (error: Error) => stop(new BodyRefusal(400, error.message)));
    if (source !== request) {
      request.once('error', (error: Error) => stop(new BodyRefusal(400, error.message)));
    }
  });
}

/** Reads what is left of the request and throws it away, then calls `done` once. */
function discard(request: IncomingMessage, done: () => void): void {
  if (request.readableEnded || request.destroyed) {
    done();
    return;
  }
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    done();
  };
  request.once('end', once);
  request.once('close', once);
  request.on('data', () => undefined);
  request.resume();
}

/** Throws `refusal` once the request has been read off (see readBody). */
function refuseAfterReading(request: IncomingMessage, refusal: BodyRefusal): Promise<never> {
  return new Promise((_resolve, reject) => discard(request, () => reject(refusal)));
}

/** The charset parameter of a Content-Type, lower case, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const value = match ? (match[1] ?? match[2]) : undefined;
  return value ? value.toLowerCase() : undefined;
}

function unsupportedCharset(charset: string): BodyRefusal {
  return new BodyRefusal(415, `unsupported charset "${charset.toUpperCase()}"`);
}

/** What JSON allows around its values (RFC 8259: space, tab, line feed, carriage return). */
const JSON_WHITESPACE = ' \t\n\r';

/** Strict JSON: an object or an array (or nothing, read as `{}`). */
export function parseJson(text: string): unknown {
  let first = 0;
  while (first < text.length && JSON_WHITESPACE.includes(text[first])) first++;
  const start = text.charAt(first);
  if (start === '') return {};
  if (start !== '{' && start !== '[') {
    throw new BodyRefusal(400, 'the body is not a JSON object or array');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BodyRefusal(400, (error as Error).message);
  }
}

/** A flat form; its own properties only, whatever their names. */
export function parseForm(
  text: string,
  charset: 'utf-8' | 'iso-8859-1',
): Record<string, string | string[]> {
  if (text.length === 0) return {};
  let fields = 1;
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    if (++fields > FORM_MAX_PARAMETERS) throw new BodyRefusal(413, 'too many parameters');
  }
  const parsed = parseQuery(text, '&', '=', {
    maxKeys: 0,
    ...(charset === 'iso-8859-1' ? { decodeURIComponent: decodeLatin1 } : {}),
  });
  // querystring gives an object without a prototype: made plain for validation, with
  // every name (even "__proto__") an own property.
  return Object.fromEntries(Object.entries(parsed)) as Record<string, string | string[]>;
}

/** Percent-escapes as ISO-8859-1 bytes (querystring has made `+` a space already). */
function decodeLatin1(value: string): string {
  return value.replace(/%([0-9a-f]{2})/gi, (_escape, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/** The parsed body itself, or INVALID_ARGUMENT when it nests deeper than JSON_MAX_DEPTH. */
function checkDepth(body: unknown): unknown {
  if (depthExceeds(body, JSON_MAX_DEPTH)) {
    throw new AuthError(
      'INVALID_ARGUMENT',
      `the body is nested deeper than ${JSON_MAX_DEPTH} levels`,
    );
  }
  return body;
}

/**
 * Whether `value` nests objects or arrays more than `max` levels deep. Iterative:
 * a body of 64 KiB can nest 32,000 levels, more than recursive code downstream
 * (validation, transformation) survives.
 */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
