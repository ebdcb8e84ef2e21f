const HEADER_END = Buffer.from('\r\n\r\n');
/** A head longer than this is not an answer of the servers under test. */
const MAX_HEAD_BYTES = 16 * 1024;

export interface HttpAnswer {
  status: number;
  /** A view into the received bytes, valid until the next push. */
  body: Buffer;
}

/**
 * Splits the bytes of one keep-alive HTTP/1.1 connection into answers, for the load generator:
 * a status line, headers and a body of `Content-Length` bytes (no body for 204 and 304). The
 * servers under test frame every answer that way; chunked or close-delimited answers are
 * refused with an error rather than misread.
 */
export class HttpResponseReader {
  private buffered: Buffer | null = null;

  push(chunk: Buffer, onAnswer: (answer: HttpAnswer) => void): void {
    let data = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = null;
    for (;;) {
      const headEnd = data.indexOf(HEADER_END);
      if (headEnd < 0) {
        if (data.length > MAX_HEAD_BYTES) throw new Error('answer head too long');
        break;
      }
      const head = data.toString('latin1', 0, headEnd);
      const status = statusOf(head);
      const length = bodyLength(head, status);
      const end = headEnd + HEADER_END.length + length;
      if (data.length < end) break;
      onAnswer({ status, body: data.subarray(headEnd + HEADER_END.length, end) });
      data = data.subarray(end);
    }
    if (data.length > 0) this.buffered = Buffer.from(data);
  }
}

function statusOf(head: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(head + '\r');
  if (!match) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(head.slice(0, 40))}`);
  return Number(match[1]);
}

function bodyLength(head: string, status: number): number {
  if (/\r\ntransfer-encoding:/i.test(head)) {
    throw new Error('chunked answers are not read by the load generator');
  }
  const match = /\r\ncontent-length:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i.exec(head);
  if (match) return Number(match[1]);
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) return 0;
  throw new Error(`a ${status} answer without Content-Length`);
}
