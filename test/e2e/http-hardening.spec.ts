import { gzipSync } from 'node:zlib';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { httpPost } from '../support/http-post';

/** A stack frame line as Node prints it ("    at fn (file:line:col)"). */
const STACK_FRAME = /\n\s+at \S/;

/** Unreadable and hostile HTTP requests get catalogue errors, never a 500 or a logged stack. */
describe('HTTP hardening', () => {
  let app: AppProcess;

  beforeAll(async () => {
    app = await startApp();
  }, 60_000);

  afterAll(async () => {
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  const send = (path: string, body: string | Uint8Array, headers?: Record<string, string>) =>
    httpPost(app.httpUrl, path, body, headers);

  function nestedObject(depth: number): string {
    // The body itself is level 1; `device` opens level 2.
    return `{"name":"x","device":${'{"a":'.repeat(depth - 2)}{}${'}'.repeat(depth - 2)}}`;
  }

  it('answers a body over 64 KiB with 413 and the error envelope, JSON or form, plain or gzipped', async () => {
    const tooLarge = {
      status: 413,
      body: {
        error: {
          code: 'INVALID_ARGUMENT',
          errorCode: 1,
          message: expect.stringMatching(/65536 bytes/),
        },
      },
    };
    expect(
      await send('/v1/auth/signUp', JSON.stringify({ name: 'x'.repeat(70_000) })),
    ).toMatchObject(tooLarge);
    expect(
      await send('/auth/confirm/some-id', `answer=confirm&token=${'a'.repeat(70_000)}`, {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    ).toMatchObject(tooLarge);
    // The limit counts inflated bytes: a small gzip of a large body is refused too.
    const bomb = gzipSync(JSON.stringify({ name: 'x'.repeat(1_000_000) }));
    expect(bomb.length).toBeLessThan(65_536);
    expect(
      await send('/v1/auth/signUp', bomb, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      }),
    ).toMatchObject(tooLarge);

    // Just under the limit the body is read and validated as usual.
    expect(
      await send('/v1/auth/signUp', JSON.stringify({ name: 'x'.repeat(60_000) })),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/name/) } },
    });
    expect(app.output()).not.toMatch(STACK_FRAME);
  });

  it('refuses JSON nested deeper than 32 levels with 400', async () => {
    const tooDeep = {
      status: 400,
      body: {
        error: {
          code: 'INVALID_ARGUMENT',
          errorCode: 1,
          message: expect.stringMatching(/nested deeper than 32 levels/),
        },
      },
    };
    expect(await send('/v1/auth/signUp', nestedObject(33))).toMatchObject(tooDeep);
    expect(
      await send(
        '/v1/auth/signUp',
        `{"name":"x","device":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
      ),
    ).toMatchObject(tooDeep);
    expect(await send('/v1/auth/signIn', nestedObject(5_000))).toMatchObject(tooDeep);

    // At 32 levels the body reaches validation, which names the unexpected field.
    const atLimit = await send('/v1/auth/signUp', nestedObject(32));
    expect(atLimit).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT' } } });
    expect(atLimit.body.error.message).not.toMatch(/nested deeper/);
    expect(app.output()).not.toMatch(STACK_FRAME);
  });

  it('answers other unreadable bodies as client errors', async () => {
    expect(await send('/v1/auth/signUp', '{not json')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_ARGUMENT', errorCode: 1 } },
    });
    expect(
      await send('/v1/auth/signUp', '{}', { 'content-type': 'application/json; charset=koi8-r' }),
    ).toMatchObject({
      status: 415,
      body: {
        error: {
          code: 'INVALID_ARGUMENT',
          errorCode: 1,
          message: expect.stringMatching(/charset/),
        },
      },
    });
    expect(
      await send('/v1/auth/signUp', '{}', {
        'content-type': 'application/json',
        'content-encoding': 'snappy',
      }),
    ).toMatchObject({ status: 415, body: { error: { code: 'INVALID_ARGUMENT' } } });
    expect(
      await send('/v1/auth/signUp', Buffer.from('not gzip at all'), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      }),
    ).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT' } } });
    // A Content-Type that does not parse is refused; a body of another type is not read.
    expect(await send('/v1/auth/signUp', '{}', { 'content-type': 'json please' })).toMatchObject({
      status: 415,
      body: { error: { code: 'INVALID_ARGUMENT', errorCode: 1 } },
    });
    expect(
      await send('/v1/auth/signUp', '{"name":"x"}', { 'content-type': 'text/plain' }),
    ).toMatchObject({
      status: 400,
      body: {
        error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/name is required/) },
      },
    });
    expect(app.output()).not.toMatch(STACK_FRAME);
    expect(app.child.exitCode).toBeNull();
  });

  it('routes paths in any case, with or without a trailing slash; a URL that does not decode gets the envelope', async () => {
    for (const path of ['/V1/Auth/Authorize', '/v1/auth/authorize/']) {
      expect(await send(path, JSON.stringify({ token: 'tgl_nope' }))).toMatchObject({
        status: 401,
        body: { error: { code: 'INVALID_TOKEN' } },
      });
    }
    const response = await fetch(`${app.httpUrl}/auth/session/%zz`);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({
      error: { code: 'INVALID_ARGUMENT', errorCode: 1 },
    });
  });

  it('does not say what it runs on', async () => {
    for (const path of ['/healthz', '/v1/auth/getSessions', '/docs', '/nothing-here']) {
      const response = await fetch(`${app.httpUrl}${path}`);
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('marks every auth answer no-store, errors included', async () => {
    const email = `nostore.${Date.now()}@example.com`;
    const answers = [
      await send('/v1/auth/signUp', JSON.stringify({ name: 'N', email, password: 'No-Store-1' })),
      await send('/v1/auth/signIn', JSON.stringify({ email, password: 'No-Store-1' })),
      await send('/v1/auth/signIn', JSON.stringify({ email, password: 'Wrong-Pass-1' })),
      await send('/v1/auth/authorize', JSON.stringify({ token: 'tgl_nope' })),
      await send('/v1/auth/signUp', JSON.stringify({ name: 'x'.repeat(70_000) })),
      await send(
        '/auth/registration',
        JSON.stringify({ username: `nostore_${Date.now()}`, session_platform: 'cURL' }),
      ),
      await send('/v1/auth/getSessions', '{}'),
    ];
    for (const path of ['/auth/session/nope', '/auth/confirm/nope', '/v1/auth/x']) {
      const response = await fetch(`${app.httpUrl}${path}`);
      answers.push({ status: response.status, headers: response.headers, body: null });
    }
    expect(answers.map((a) => a.status)).toEqual([
      200, 200, 400, 401, 413, 200, 401, 400, 400, 404,
    ]);
    for (const answer of answers) expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answers[0].headers.get('pragma')).toBe('no-cache');
  });
});
