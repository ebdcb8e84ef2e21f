import { OsmiumClient, CODES } from '../support/osmium-client';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { httpPost } from '../support/http-post';

const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

/** What a client says about its device is checked by one rule on every transport. */
describe('client devices', () => {
  let app: AppProcess;

  beforeAll(async () => {
    app = await startApp();
  }, 60_000);

  afterAll(async () => {
    expect(await app.stop()).toBe(0);
    removeDir(app.dataDir);
  });

  const send = (path: string, body: string, headers?: Record<string, string>) =>
    httpPost(app.httpUrl, path, body, headers);

  it('refuses over-long and control-character device fields the same way on HTTP, email-link and WebSocket', async () => {
    const refused = (field: string, why: RegExp) => ({
      status: 400,
      body: {
        error: {
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(new RegExp(`${field} ${why.source}`)),
        },
      },
    });
    const long = 'x'.repeat(129);
    const tooLong = /must be at most 128 characters/;
    const controls = /must not contain control or bidirectional formatting characters/;
    // Over HTTP the device is declared in X-Client-* headers, refused under the header's name.
    const signUp = (device: Record<string, string>) =>
      send('/v1/auth/signUp', JSON.stringify({ name: 'Device' }), {
        'content-type': 'application/json',
        ...device,
      });
    const register = (platform: string) =>
      send(
        '/auth/registration',
        JSON.stringify({ username: `dev_${Date.now()}`, session_platform: platform }),
      );

    expect(await signUp({ 'x-client-device-type': long })).toMatchObject(
      refused('X-Client-Device-Type', tooLong),
    );
    // A header value can hold no control character but a tab, which fetch trims at the ends.
    expect(await signUp({ 'x-client-app-version': `1.0\t` })).toMatchObject({ status: 200 });
    expect(await signUp({ 'x-client-app-version': `1.0\tbeta` })).toMatchObject(
      refused('X-Client-App-Version', controls),
    );
    expect(await register(long)).toMatchObject(refused('session_platform', tooLong));
    expect(await register('cURL\u0085')).toMatchObject(refused('session_platform', controls));

    const ws = await OsmiumClient.connect(app.url);
    const init = (fields: object) => ws.request({ coreInitialize: { clientId: 1, ...fields } });
    const overLong = await init({ deviceType: long });
    expect(overLong.error?.errorCode).toBe(CODES.INVALID_ARGUMENT);
    expect(overLong.error?.errorMessage).toMatch(new RegExp(`device_type ${tooLong.source}`));
    const bidi = await init({ deviceVersion: 'Linux\u2066' });
    expect(bidi.error?.errorCode).toBe(CODES.INVALID_ARGUMENT);
    expect(bidi.error?.errorMessage).toMatch(new RegExp(`device_version ${controls.source}`));

    // 128 characters are fine everywhere, counted as characters, not UTF-16 units.
    const emoji = '\u{1F600}'.repeat(128);
    expect((await init({ deviceType: emoji })).initialized).toBeTruthy();
    expect(await signUp({ 'x-client-device-type': 'x'.repeat(128) })).toMatchObject({
      status: 200,
    });
    expect(await register(emoji)).toMatchObject({ status: 200 });
    await ws.close();
  });

  it('names a web session after its browser when the client does not say', async () => {
    const up = await send(
      '/v1/auth/signUp',
      JSON.stringify({
        name: 'Browser',
        email: `ua.${Date.now()}@example.com`,
        password: 'Agent-Pass-1',
      }),
      { 'content-type': 'application/json', 'user-agent': FIREFOX_ON_LINUX },
    );
    expect(up.status).toBe(200);
    const list = await fetch(`${app.httpUrl}/v1/auth/getSessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${up.body.token}` },
    });
    const { sessions } = (await list.json()) as { sessions: Array<Record<string, unknown>> };
    expect(sessions).toEqual([
      expect.objectContaining({ deviceType: 'web', deviceVersion: 'Firefox on Linux' }),
    ]);
  });
});
