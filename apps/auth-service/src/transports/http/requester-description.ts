import { describeUserAgent } from '@tangle/platform';

/**
 * How the mail and the link's page name the device that asked for an email-link login: from
 * what the server observed (the request's User-Agent header, as a short family such as
 * "Firefox on Linux"), never from the requester's own `session_platform`.
 */
export function describeRequester(userAgent: string | undefined): string {
  return describeUserAgent(userAgent ?? '') || 'an unnamed device';
}
