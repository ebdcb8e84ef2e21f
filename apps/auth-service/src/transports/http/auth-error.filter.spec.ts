import type { ArgumentsHost } from '@nestjs/common';
import { AuthError } from '@tangle/contracts';
import { AuthErrorFilter } from './auth-error.filter';

function answer(exception: unknown) {
  const headers = new Map<string, string>();
  const response = {
    statusCode: 0,
    body: '',
    setHeader: (name: string, value: string) => headers.set(name, value),
    end(body: string) {
      this.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as ArgumentsHost;
  new AuthErrorFilter().catch(exception, host);
  return { status: response.statusCode, headers, body: JSON.parse(response.body) };
}

describe('AuthErrorFilter', () => {
  it('answers a rate-limit refusal with 429 and Retry-After in whole seconds', () => {
    const { status, headers, body } = answer(
      new AuthError('RATE_LIMIT_EXCEEDED', 'try again in 42 s', { retryAfterMs: 41_200 }),
    );
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBe('42');
    expect(body.error).toEqual({
      code: 9,
      name: 'RATE_LIMIT_EXCEEDED',
      message: 'Too many attempts, try again later: try again in 42 s',
    });
  });

  it('sends no Retry-After for other errors', () => {
    const { status, headers } = answer(new AuthError('INVALID_CREDENTIALS'));
    expect(status).toBe(400);
    expect(headers.has('retry-after')).toBe(false);
  });
});
