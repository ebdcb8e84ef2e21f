/**
 * `${publicBaseUrl}/auth/confirm/${authId}?token=${linkToken}`, built from the configured base
 * only (never a request's Host header). A path prefix on the base is kept.
 */
export function loginLinkUrl(publicBaseUrl: string, authId: string, linkToken: string): string {
  const url = new URL(publicBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/auth/confirm/${encodeURIComponent(authId)}`;
  url.search = '';
  url.hash = '';
  url.searchParams.set('token', linkToken);
  return url.toString();
}
