import { describeUserAgent } from './user-agent';

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

describe('describeUserAgent', () => {
  it.each([
    [CHROME_WINDOWS, 'Chrome on Windows'],
    [`${CHROME_WINDOWS} Edg/126.0.0.0`, 'Microsoft Edge on Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iPhone',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iPad',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      'Safari on macOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      'Chrome on Android phone',
    ],
    ['curl/8.5.0', 'curl'],
    ['python-requests/2.32.3', 'python-requests'],
    ['Go-http-client/1.1', 'Go-http-client'],
  ])('%s → %s', (ua, expected) => {
    expect(describeUserAgent(ua)).toBe(expected);
  });

  it('says nothing when nothing is recognised', () => {
    expect(describeUserAgent(undefined)).toBe('');
    expect(describeUserAgent('')).toBe('');
    expect(describeUserAgent('   ')).toBe('');
    expect(describeUserAgent('Mozilla/5.0')).toBe('');
    expect(describeUserAgent('x'.repeat(10_000))).toBe('');
  });

  it('names the system when only the system is recognised', () => {
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Unknown')).toBe('Windows');
  });

  it('keeps markup and control characters a client puts in its header out of the description', () => {
    const described = describeUserAgent('Evil<b>"x"</b>/1.0 (\u202eLinux) foo');
    expect(described).toMatch(/^[\p{L}\p{N} ._()+-]*$/u);
    expect(described).not.toMatch(/[<>"]/);
    expect(
      describeUserAgent(`${'A'.repeat(200)}/1.0 ${'B'.repeat(200)}`).length,
    ).toBeLessThanOrEqual(64);
  });
});
