import { CODES, OsmiumClient, RpcFailure } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { PwnedRangeStub, sha1Hex } from '../support/pwned-range-stub';

async function post(app: AppProcess, path: string, body: unknown) {
  const response = await fetch(`${app.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are checked by the assertions
  return { status: response.status, body: (text ? JSON.parse(text) : null) as any };
}

let seq = 0;
const signUp = (app: AppProcess, password: string) =>
  post(app, '/v1/auth/signUp', {
    name: 'Policy',
    email: `policy.${Date.now()}.${++seq}@example.com`,
    password,
  });

async function stop(app: AppProcess | undefined): Promise<void> {
  if (!app) return;
  expect(await app.stop()).toBe(0);
  removeDir(app.dataDir);
}

/** The password policy through the started service: real list, real argon2, real transports. */
describe('password policy, standard profile (the default)', () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp();
  }, 60_000);
  afterAll(() => stop(app));

  it('refuses "Password123!" at sign-up as too common, over HTTP and the WebSocket', async () => {
    const http = await signUp(app, 'Password123!');
    expect(http.status).toBe(400);
    expect(http.body.error).toEqual({
      code: 'WEAK_PASSWORD',
      errorCode: 4,
      message:
        "Password doesn't meet requirements: breached: too common or known from data breaches; choose another",
      traceId: http.body.requestId,
    });
    expect(JSON.stringify(http.body)).not.toContain('Password123');

    const ws = await OsmiumClient.connect(app.url);
    try {
      await ws.initialize();
      const refused = await ws
        .signUp({ name: 'Policy', email: `ws.${Date.now()}@example.com`, password: 'Password123!' })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(refused).toBeInstanceOf(RpcFailure);
      expect((refused as RpcFailure).code).toBe(CODES.WEAK_PASSWORD);
      expect((refused as RpcFailure).errorMessage).toMatch(/breached: too common/);
    } finally {
      await ws.close();
    }
  });

  it('takes a 200-character password whole through argon2, and refuses 257 characters', async () => {
    const long = `Aa1-${'quiet orchard lanterns '.repeat(9)}`.slice(0, 200);
    expect([...long]).toHaveLength(200);
    const email = `long.${Date.now()}@example.com`;
    expect(
      (await post(app, '/v1/auth/signUp', { name: 'Long', email, password: long })).status,
    ).toBe(200);
    expect((await post(app, '/v1/auth/signIn', { email, password: long })).status).toBe(200);
    // Nothing was cut: the first 199 characters are another password.
    const prefix = await post(app, '/v1/auth/signIn', { email, password: long.slice(0, 199) });
    expect(prefix.body.error.code).toBe('INVALID_CREDENTIALS');

    const tooLong = await signUp(app, `Aa1-${'x'.repeat(253)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/max_length: needs at most 256 characters$/);
  });
});

describe('password policy, NIST profile with a Pwned Passwords range service', () => {
  const stub = new PwnedRangeStub(new Map([['seven purple elephants dancing', 17]]));
  let app: AppProcess;
  beforeAll(async () => {
    const url = await stub.start();
    app = await startApp({
      env: {
        PASSWORD_POLICY: 'nist',
        PASSWORD_PWNED_URL: url,
        PASSWORD_PWNED_TIMEOUT_MS: '300',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await stop(app);
    await stub.stop();
  });
  beforeEach(() => {
    stub.mode = 'answer';
    stub.requests.length = 0;
  });

  it('takes a long password without composition, and refuses 14 characters', async () => {
    expect((await signUp(app, 'tall lamps hum quietly')).status).toBe(200);
    const short = await signUp(app, 'Short-Pass-12!');
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/min_length: needs at least 15 characters$/);
  });

  it('refuses a password the range service knows, having sent it 5 hex characters', async () => {
    const refused = await signUp(app, 'seven purple elephants dancing');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/breached: too common or known from data breaches/);
    expect(stub.requests.map((r) => r.url)).toEqual([
      `/range/${sha1Hex('seven purple elephants dancing').slice(0, 5)}`,
    ]);
    expect(stub.requests[0].headers['add-padding']).toBe('true');
  });

  it('still refuses the offline list first, asking the service nothing', async () => {
    const refused = await signUp(app, 'PasswordPassword');
    expect(refused.body.error.message).toMatch(/breached:/);
    expect(stub.requests).toHaveLength(0);
  });

  it('accepts the password with a warning when the service does not answer in time', async () => {
    stub.mode = 'slow';
    const started = Date.now();
    const accepted = await signUp(app, 'seven purple elephants dancing');
    expect(accepted.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(app.output()).toMatch(
      /breached-password check unavailable, password accepted without it: no answer from the range service within 300 ms/,
    );
    expect(app.output()).not.toContain('seven purple elephants');
  });
});
