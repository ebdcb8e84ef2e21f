import type { ArgumentsHost } from '@nestjs/common';
import { ConsoleLogger, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { AuthError } from '@tangle/contracts';
import { createServiceLogger, NestServiceLogger } from '@tangle/platform';
import { AuthErrorFilter } from './auth-error.filter';
import { BodyRefusal } from './http-body';

/** What the filter sent, through an adapter that records it (the filter holds no adapter type). */
function answer(exception: unknown) {
  const headers = new Map<string, string>();
  const sent: { status?: number; body?: string } = {};
  const response = { marker: 'the adapter response' };
  const adapter = {
    setHeader(target: unknown, name: string, value: string) {
      expect(target).toBe(response);
      headers.set(name, value);
    },
    reply(target: unknown, body: string, status: number) {
      expect(target).toBe(response);
      Object.assign(sent, { status, body });
    },
  };
  const request = { id: 'req_test', raw: { headers: {}, socket: {} } };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  new AuthErrorFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost).catch(
    exception,
    host,
  );
  return { status: sent.status, headers, body: JSON.parse(sent.body!) };
}

describe('AuthErrorFilter', () => {
  it('answers a rate-limit refusal with 429 and Retry-After in whole seconds', () => {
    const { status, headers, body } = answer(
      new AuthError('RATE_LIMIT_EXCEEDED', 'try again in 42 s', { retryAfterMs: 41_200 }),
    );
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBe('42');
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body).toEqual({
      success: false,
      error: {
        code: 'RATE_LIMIT_EXCEEDED',
        errorCode: 9,
        message: 'Too many attempts, try again later: try again in 42 s',
        traceId: 'req_test',
      },
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      requestId: 'req_test',
    });
  });

  it('sends no Retry-After for other errors', () => {
    const { status, headers } = answer(new AuthError('INVALID_CREDENTIALS'));
    expect(status).toBe(400);
    expect(headers.has('retry-after')).toBe(false);
  });

  it("answers a refused body as INVALID_ARGUMENT with the refusal's status", () => {
    const { status, body } = answer(new BodyRefusal(413, 'the body is larger than 65536 bytes'));
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.any(String) });
    expect(body.error.message).toMatch(/65536 bytes/);
  });

  it('answers an unknown route NOT_FOUND, and anything unexpected 500 with the trace id', () => {
    expect(answer(new NotFoundException('Cannot GET /nothing'))).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    // Fastify's refusals reach the filter as HttpExceptions and keep their status.
    expect(answer(new HttpException('Unsupported Media Type', 415))).toMatchObject({
      status: 415,
      body: { error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/Media Type/) } },
    });
    const internal = answer(new Error('database went away'));
    expect(internal.status).toBe(500);
    expect(internal.body.error).toMatchObject({ code: 'INTERNAL', traceId: 'req_test' });
    expect(internal.body.error.message).not.toMatch(/database/);
  });

  it("logs an unexpected failure with the request's trace id, the id its answer names", () => {
    const written: string[] = [];
    Logger.overrideLogger(
      new NestServiceLogger(
        createServiceLogger({
          service: 'test',
          destination: { write: (line: string) => void written.push(line) },
        }),
      ),
    );
    try {
      const internal = answer(new Error('database went away'));
      expect(internal.body.error.traceId).toBe('req_test');
    } finally {
      Logger.overrideLogger(new ConsoleLogger());
    }
    const lines = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'Http',
        traceId: 'req_test',
        msg: expect.stringMatching(/database went away/),
      }),
    ]);
  });
});
