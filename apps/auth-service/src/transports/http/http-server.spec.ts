import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { answerFrameworkError, hasPathPrefix } from './http-server';

describe('hasPathPrefix', () => {
  it('matches the prefix itself and what lies below it, in any case', () => {
    for (const url of ['/auth', '/auth/', '/auth/login', '/auth?x=1', '/AUTH/Login']) {
      expect(hasPathPrefix(url, '/auth')).toBe(true);
    }
    expect(hasPathPrefix('/v1/auth/authorize', '/v1/auth')).toBe(true);
  });

  it('does not match a longer segment or another path', () => {
    for (const url of ['/authors', '/aut', '/', '/healthz', '/v1/authorize', '/x/auth']) {
      expect(hasPathPrefix(url, '/auth')).toBe(false);
    }
  });
});

describe('answerFrameworkError', () => {
  function answer(status: number, url: string) {
    const sent: { status?: number; headers: Record<string, string>; body?: string } = {
      headers: {},
    };
    const reply = {
      code(code: number) {
        sent.status = code;
        return reply;
      },
      header(name: string, value: string) {
        sent.headers[name] = value;
        return reply;
      },
      send(body: string) {
        sent.body = body;
        return reply;
      },
    };
    const error = Object.assign(new Error(`'${url}' is not a valid url component`), {
      statusCode: status,
      code: 'FST_ERR_BAD_URL',
    }) as FastifyError;
    answerFrameworkError(
      error,
      { url, id: 'req_bad' } as FastifyRequest,
      reply as unknown as FastifyReply,
    );
    return { ...sent, body: JSON.parse(sent.body!) };
  }

  it('answers a URL Fastify cannot route with the error envelope, no-store under /auth', () => {
    const bad = answer(400, '/auth/session/%zz');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      success: false,
      error: {
        code: 'INVALID_ARGUMENT',
        errorCode: 1,
        message: expect.stringMatching(/not a valid url component/),
        traceId: 'req_bad',
      },
      timestamp: expect.any(String),
      requestId: 'req_bad',
    });
    expect(bad.headers).toMatchObject({
      'x-request-id': 'req_bad',
      'cache-control': 'no-store',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(answer(414, '/healthz/x').headers['cache-control']).toBeUndefined();
  });

  it('answers its own faults as INTERNAL without their message', () => {
    const fault = answer(500, '/v1/auth/x');
    expect(fault.status).toBe(500);
    expect(fault.body.error).toMatchObject({ code: 'INTERNAL' });
    expect(fault.body.error.message).not.toMatch(/url/);
  });
});
