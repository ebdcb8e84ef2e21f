/** What an end-to-end HTTP call answered; JSON bodies are checked by the tests' assertions. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * POSTs to the started service: an object is sent as JSON, a string or bytes as they are,
 * with `content-type: application/json` unless `headers` says otherwise. The answer's body is
 * parsed as JSON when it is JSON, else kept as text (null when empty).
 */
export async function httpPost(
  baseUrl: string,
  path: string,
  body: object | string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: parse(await response.text()) };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}
