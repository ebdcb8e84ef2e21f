import { AuthError } from '@tangle/contracts';
import { buildClientDevice, DEVICE_FIELD_MAX_CHARS } from './client-device';

const ADDRESS = { ip: '203.0.113.7', geo: null };
const APPS = { appNamesByClientId: new Map([[7, 'Tangle Desktop']]), defaultAppName: 'Tangle' };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).errorName).toBe('INVALID_ARGUMENT');
    return (error as AuthError).message;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('buildClientDevice', () => {
  it('takes the declared fields, trimmed, the app name by client id and the address', () => {
    expect(
      buildClientDevice(
        { clientId: 7, deviceType: ' desktop ', deviceVersion: 'Linux 6.1', appVersion: '1.2.3' },
        ADDRESS,
        APPS,
      ),
    ).toEqual({
      clientId: 7,
      deviceType: 'desktop',
      deviceVersion: 'Linux 6.1',
      appVersion: '1.2.3',
      appName: 'Tangle Desktop',
      ip: '203.0.113.7',
      geo: null,
    });
  });

  it('leaves missing fields empty, client id 0 and the default app name', () => {
    expect(buildClientDevice({ deviceVersion: null }, ADDRESS, APPS)).toMatchObject({
      clientId: 0,
      deviceType: '',
      deviceVersion: '',
      appVersion: '',
      appName: 'Tangle',
    });
  });

  it('refuses a field over 128 characters, counting code points, naming it as the wire does', () => {
    const atLimit = '\u{1F600}'.repeat(DEVICE_FIELD_MAX_CHARS);
    expect(buildClientDevice({ deviceType: atLimit }, ADDRESS, APPS).deviceType).toBe(atLimit);
    expect(
      refusal(() => buildClientDevice({ appVersion: 'x'.repeat(129) }, ADDRESS, APPS)),
    ).toMatch(/app_version must be at most 128 characters$/);
    expect(
      refusal(() =>
        buildClientDevice({ deviceType: 'x'.repeat(129) }, ADDRESS, APPS, {
          deviceType: 'session_platform',
        }),
      ),
    ).toMatch(/session_platform must be at most 128 characters$/);
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['tab', 'a\tb'],
    ['trailing newline', 'desktop\n'],
    ['DEL', 'a\u007fb'],
    ['C1 NEL', 'a\u0085b'],
    ['line separator', 'a\u2028b'],
    ['right-to-left override', 'a\u202eb'],
    ['first-strong isolate', 'a\u2068b'],
    ['right-to-left mark', 'a\u200fb'],
    ['unpaired surrogate', 'a\ud800b'],
  ])('refuses a %s', (_what, value) => {
    expect(refusal(() => buildClientDevice({ deviceVersion: value }, ADDRESS, APPS))).toMatch(
      /device_version must not contain control or bidirectional formatting characters$/,
    );
  });

  it('accepts letters of any script, emoji and joiners', () => {
    const value = 'Pixel 8 · Android 15 · عربي · 👩‍💻';
    expect(buildClientDevice({ deviceType: value }, ADDRESS, APPS).deviceType).toBe(value);
  });

  it('refuses a client id outside uint32', () => {
    expect(refusal(() => buildClientDevice({ clientId: -1 }, ADDRESS, APPS))).toMatch(/client_id/);
    expect(refusal(() => buildClientDevice({ clientId: 2 ** 32 }, ADDRESS, APPS))).toMatch(
      /client_id/,
    );
  });
});
