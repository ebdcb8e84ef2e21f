/**
 * How the mail and the link's page name the device that asked for an email-link login: from
 * what the server observed (the request's User-Agent header), never from the requester's own
 * `session_platform`. Still text a client sends, so it is shown quoted and short.
 *
 * A placeholder: the transport's User-Agent describer replaces the body of this one function.
 */
export function describeRequester(userAgent: string | undefined): string {
  const printable = (userAgent ?? '')
    .replace(/[^\x20-\x7e]|"/g, '')
    .trim()
    .slice(0, 64)
    .trim();
  return printable ? `"${printable}"` : 'an unnamed device';
}
