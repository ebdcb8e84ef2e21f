import type { IncomingMessage } from 'node:http';
import { requestFactsOf } from './request-facts';

describe('requestFactsOf', () => {
  const raw = {
    socket: { remoteAddress: '::ffff:10.0.0.7' },
    headers: { 'user-agent': 'curl/8.5.0', 'x-forwarded-for': '203.0.113.9' },
  } as unknown as IncomingMessage;

  it("reads the peer address and headers from node's request, and gives it a request id", () => {
    expect(requestFactsOf(raw)).toEqual({
      peerAddress: '::ffff:10.0.0.7',
      headers: { 'user-agent': 'curl/8.5.0', 'x-forwarded-for': '203.0.113.9' },
      requestId: expect.stringMatching(/^req_[\w-]{14,}$/),
    });
  });

  it("and from an adapter's request that wraps it (Fastify's), with the id it was given", () => {
    const wrapped = { raw, id: 'req_fastify', headers: { 'user-agent': 'not this one' } };
    expect(requestFactsOf(wrapped)).toEqual({ ...requestFactsOf(raw), requestId: 'req_fastify' });
  });

  it("takes the caller's X-Request-Id only when it is a plain token", () => {
    const withId = (id: string) =>
      requestFactsOf({ ...raw, headers: { 'x-request-id': id } } as unknown as IncomingMessage)
        .requestId;
    expect(withId('gateway-trace-0001')).toBe('gateway-trace-0001');
    for (const bad of ['short', 'a\nforged log line', 'x'.repeat(129), '<script>'])
      expect(withId(bad)).toMatch(/^req_/);
  });
});
