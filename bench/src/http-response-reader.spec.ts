import { HttpResponseReader, type HttpAnswer } from './http-response-reader';

function answers(...chunks: string[]): Array<{ status: number; body: string }> {
  const reader = new HttpResponseReader();
  const seen: Array<{ status: number; body: string }> = [];
  const collect = ({ status, body }: HttpAnswer) => seen.push({ status, body: body.toString() });
  for (const chunk of chunks) reader.push(Buffer.from(chunk), collect);
  return seen;
}

const ok = (body: string) =>
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

describe('HttpResponseReader', () => {
  it('splits answers by Content-Length, several in one chunk or one across many', () => {
    const two = ok('{"a":1}') + ok('{"b":22}');
    expect(answers(two)).toEqual([
      { status: 200, body: '{"a":1}' },
      { status: 200, body: '{"b":22}' },
    ]);
    const split = Array.from(two, (c) => c); // one byte at a time
    expect(answers(...split)).toEqual(answers(two));
  });

  it('reads answers without a body and other statuses', () => {
    expect(
      answers(
        'HTTP/1.1 204 No Content\r\ndate: x\r\n\r\n',
        'HTTP/1.1 401 Unauthorized\r\ncontent-length: 2\r\n\r\n{}',
      ),
    ).toEqual([
      { status: 204, body: '' },
      { status: 401, body: '{}' },
    ]);
  });

  it('refuses framing it does not read rather than misreading it', () => {
    expect(() =>
      answers('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'),
    ).toThrow(/chunked/);
    expect(() => answers('HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n{}')).toThrow(
      /without Content-Length/,
    );
    expect(() => answers('SSH-2.0-OpenSSH\r\n\r\n')).toThrow(/status line/);
  });
});
