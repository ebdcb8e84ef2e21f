import Bowser from 'bowser';

/** Only the start of a User-Agent is read: the parser's patterns need no more, and stay cheap. */
const UA_READ_MAX = 512;
const DESCRIPTION_MAX = 64;

/**
 * A short description of the device behind a User-Agent header, for people:
 * "Chrome on Windows", "Firefox on Linux", "Safari on iPhone", "Chrome on
 * Android phone", "curl". Empty when nothing is recognised. Derived by the
 * server, so a page can show it next to what the client says about itself;
 * made only of letters, digits, spaces and `._()+-`, at most 64 characters.
 */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const ua = (userAgent ?? '').slice(0, UA_READ_MAX).trim();
  if (!ua) return '';
  const { browser, os, platform } = Bowser.parse(ua);
  const where = deviceOf(os, platform);
  // Browsers lead with "Mozilla/5.0", which says nothing; tools and libraries lead with
  // their product token ("curl/8.5.0", "python-requests/2.32", "Go-http-client/1.1").
  const what = [browser.name ?? '', productToken(ua)].find((n) => n && !/^mozilla$/i.test(n)) ?? '';
  const text = what && where ? `${what} on ${where}` : what || where;
  return clean(text);
}

function deviceOf(os: Bowser.Parser.OSDetails, platform: Bowser.Parser.PlatformDetails): string {
  if (platform.vendor === 'Apple' && platform.model) return platform.model; // iPhone, iPad, iPod
  if (os.name === 'Android') {
    if (platform.type === 'tablet') return 'Android tablet';
    if (platform.type === 'mobile') return 'Android phone';
  }
  return os.name ?? '';
}

function productToken(ua: string): string {
  return /^([A-Za-z][A-Za-z0-9._-]{0,31})(?:\/|\s|$)/.exec(ua)?.[1] ?? '';
}

function clean(text: string): string {
  return text
    .replace(/[^\p{L}\p{N} ._()+-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, DESCRIPTION_MAX)
    .trim();
}
