import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import { HttpAnswer, HttpAnswers } from './http-answer';

describe('HttpAnswers', () => {
  function run(result: unknown) {
    const calls: string[] = [];
    const response = { marker: 'the adapter response' };
    const adapter = {
      status: (target: unknown, status: number) => {
        expect(target).toBe(response);
        calls.push(`status ${status}`);
      },
      setHeader: (target: unknown, name: string, value: string) => {
        expect(target).toBe(response);
        calls.push(`${name}: ${value}`);
      },
    };
    const context = {
      switchToHttp: () => ({ getResponse: () => response }),
    } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => of(result) };
    const interceptor = new HttpAnswers({ httpAdapter: adapter } as unknown as HttpAdapterHost);
    return lastValueFrom(interceptor.intercept(context, next)).then((body) => ({ body, calls }));
  }

  it("sends an answer's status and headers through the adapter, and its body as the result", async () => {
    const page = new HttpAnswer(400, '<p>Link not valid</p>', {
      'content-type': 'text/html; charset=utf-8',
      'x-frame-options': 'DENY',
    });
    expect(await run(page)).toEqual({
      body: '<p>Link not valid</p>',
      calls: ['status 400', 'content-type: text/html; charset=utf-8', 'x-frame-options: DENY'],
    });
  });

  it('leaves any other result alone', async () => {
    expect(await run({ session_token: 'tgl_x' })).toEqual({
      body: { session_token: 'tgl_x' },
      calls: [],
    });
  });
});
