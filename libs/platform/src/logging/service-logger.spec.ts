import { NestServiceLogger } from './nest-service-logger';
import { createServiceLogger, logLevelOf } from './service-logger';
import { acceptedTraceId, newTraceId, withTraceId } from './trace-context';

/** A service logger writing into an array, and its lines parsed. */
function capturing(level = 'debug') {
  const written: string[] = [];
  const logger = createServiceLogger({
    service: 'test-service',
    level,
    destination: { write: (line: string) => void written.push(line) },
  });
  return {
    logger,
    raw: () => written.join(''),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const PASSWORD = 'correct horse battery staple 42';
const TOKEN = 'tgl_s_5Yc9Qm2vXw8KpL3rT6nB';
const CODE = '482913';
const EMAIL = 'ada.lovelace@example.org';

describe('createServiceLogger', () => {
  it('writes one JSON line with time, level, service, message and fields', () => {
    const out = capturing();
    out.logger.info({ userId: '7001' }, 'signed in');
    expect(out.raw().endsWith('\n')).toBe(true);
    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'test-service',
      msg: 'signed in',
      userId: '7001',
    });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('writes nothing below its level', () => {
    const out = capturing('warn');
    out.logger.info('hidden');
    out.logger.debug('hidden too');
    out.logger.warn('shown');
    expect(out.lines().map((line) => line.msg)).toEqual(['shown']);
  });

  it.each([
    ['log', 'info'],
    ['info', 'info'],
    ['verbose', 'trace'],
    ['DEBUG', 'debug'],
    ['error', 'error'],
    ['nonsense', 'info'],
    [undefined, 'info'],
  ])('reads LOG_LEVEL %p as %p', (name, level) => {
    expect(logLevelOf(name)).toBe(level);
  });

  it('never writes a password, token, code, credential header or email address in fields', () => {
    const out = capturing();
    out.logger.info(
      {
        password: PASSWORD,
        body: { newPassword: PASSWORD, sessionToken: TOKEN, code: CODE, email: EMAIL },
        headers: { authorization: `Bearer ${TOKEN}`, cookie: `sid=${TOKEN}`, 'user-agent': 'curl' },
        list: [{ refresh_token: TOKEN }, { backupCodes: [CODE] }],
        note: `mail to ${EMAIL}`,
      },
      'request',
    );
    const raw = out.raw();
    for (const secret of [PASSWORD, TOKEN, CODE, EMAIL]) expect(raw).not.toContain(secret);
    const [line] = out.lines();
    expect(line).toMatchObject({
      password: '[redacted]',
      body: {
        newPassword: '[redacted]',
        sessionToken: '[redacted]',
        code: '[redacted]',
        email: '[redacted]',
      },
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'user-agent': 'curl' },
      list: [{ refresh_token: '[redacted]' }, { backupCodes: '[redacted]' }],
      note: 'mail to [email]',
    });
  });

  it('masks email addresses and bearer credentials in messages and error text', () => {
    const out = capturing();
    out.logger.warn(`sign-up of ${EMAIL} refused; Authorization: Bearer ${TOKEN}`);
    out.logger.error(new Error(`no account for ${EMAIL}`), 'lookup failed');
    const raw = out.raw();
    expect(raw).not.toContain(EMAIL);
    expect(raw).not.toContain(TOKEN);
    const [warned, failed] = out.lines();
    expect(warned.msg).toBe('sign-up of [email] refused; Authorization: Bearer [redacted]');
    expect(failed).toMatchObject({
      msg: 'lookup failed',
      err: { type: 'Error', message: 'no account for [email]' },
    });
    expect((failed.err as { stack: string }).stack).toMatch(/\n\s+at /);
  });

  it('leaves stack frames under node_modules/@scope alone', () => {
    expect(capturingText('at x (/app/node_modules/@nestjs/core/router.js:1:2)')).toBe(
      'at x (/app/node_modules/@nestjs/core/router.js:1:2)',
    );
  });

  it('escapes control and bidirectional characters in user-typed text', () => {
    const out = capturing();
    out.logger.info({ name: 'Mallory\u202eevil' }, 'hello\u001b[2J\nFAKE LINE');
    const raw = out.raw();
    expect(raw.split('\n').filter(Boolean)).toHaveLength(1);
    // eslint-disable-next-line no-control-regex
    expect(raw).not.toMatch(/[\u001b\u202e]/);
    expect(out.lines()[0]).toMatchObject({
      msg: 'hello\\x1B[2J\\nFAKE LINE',
      name: 'Mallory\\u202Eevil',
    });
  });

  it('adds the current trace id to every line written while a request is handled', async () => {
    const out = capturing();
    await withTraceId('rpc_trace-0001', async () => {
      out.logger.info('before');
      await new Promise((resolve) => setImmediate(resolve));
      out.logger.child({ context: 'SignIn' }).warn('after an await');
    });
    out.logger.info('outside');
    expect(out.lines().map((line) => line.traceId)).toEqual([
      'rpc_trace-0001',
      'rpc_trace-0001',
      undefined,
    ]);
  });
});

describe('trace ids', () => {
  it.each([
    ['gateway-trace-0001', 'gateway-trace-0001'],
    ['a1b2c3d4.e5:f6_g7', 'a1b2c3d4.e5:f6_g7'],
    ['short', undefined],
    ['x'.repeat(129), undefined],
    ['has space in it', undefined],
    ['{"level":"fatal"}', undefined],
    ['line\nbreak-0001', undefined],
    [['gateway-trace-0001'], undefined],
    [undefined, undefined],
  ])('accepts %p from a caller as %p', (sent, accepted) => {
    expect(acceptedTraceId(sent)).toBe(accepted);
  });

  it('generates distinct ids a caller could also have sent', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newTraceId('rpc')));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^rpc_/);
      expect(acceptedTraceId(id)).toBe(id);
    }
  });
});

describe('NestServiceLogger', () => {
  it("routes Nest's calls with their context, stack and level", () => {
    const out = capturing('trace');
    const nest = new NestServiceLogger(out.logger);
    nest.log('listening', 'Runtime');
    nest.error('boom', 'Error: boom\n    at f (a.ts:1:2)', 'Http');
    nest.error('no context', 'Error: x\n    at g (b.ts:3:4)');
    nest.verbose({ msg: 'fields', method: 'auth.signIn' }, 'Osmium');
    nest.debug(`code ${CODE} for ${EMAIL}`, 'EmailVerification');
    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'listening', context: 'Runtime' }),
      expect.objectContaining({
        level: 'error',
        msg: 'boom',
        context: 'Http',
        stack: 'Error: boom\n    at f (a.ts:1:2)',
      }),
      expect.objectContaining({
        level: 'error',
        msg: 'no context',
        stack: 'Error: x\n    at g (b.ts:3:4)',
      }),
      expect.objectContaining({
        level: 'trace',
        msg: 'fields',
        method: 'auth.signIn',
        context: 'Osmium',
      }),
      expect.objectContaining({ level: 'debug', msg: `code ${CODE} for [email]` }),
    ]);
    expect(out.lines()[2]).not.toHaveProperty('context');
  });
});

function capturingText(text: string): string {
  const out = capturing();
  out.logger.info(text);
  return out.lines()[0].msg as string;
}
