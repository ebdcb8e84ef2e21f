import type { IncomingMessage } from 'node:http';
import { requestFactsOf } from './request-facts';

describe('requestFactsOf', () => {
  const raw = {
    socket: { remoteAddress: '::ffff:10.0.0.7' },
    headers: { 'user-agent': 'curl/8.5.0', 'x-forwarded-for': '203.0.113.9' },
  } as unknown as IncomingMessage;

  it("reads the peer address and headers from node's request", () => {
    expect(requestFactsOf(raw)).toEqual({
      peerAddress: '::ffff:10.0.0.7',
      headers: { 'user-agent': 'curl/8.5.0', 'x-forwarded-for': '203.0.113.9' },
    });
  });

  it("and from an adapter's request that wraps it (Fastify's)", () => {
    const wrapped = { raw, headers: { 'user-agent': 'not this one' }, socket: undefined };
    expect(requestFactsOf(wrapped)).toEqual(requestFactsOf(raw));
  });
});
