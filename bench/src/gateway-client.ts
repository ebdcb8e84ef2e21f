import { randomBytes } from 'node:crypto';

/** The token pair the gateway API answers with: `data.tokens` of its envelope. */
export interface GatewayTokens {
  accessToken: string;
  refreshToken: string;
}

export interface GatewayAccount {
  email: string;
  password: string;
  tokens: GatewayTokens;
}

/** `data.tokens` of a gateway answer; throws when the body is not a success envelope with them. */
export function tokensOfAnswer(body: string): GatewayTokens {
  const answer = JSON.parse(body) as {
    success?: unknown;
    data?: { tokens?: { accessToken?: unknown; refreshToken?: unknown } };
  };
  const tokens = answer.data?.tokens;
  if (
    answer.success !== true ||
    typeof tokens?.accessToken !== 'string' ||
    typeof tokens.refreshToken !== 'string'
  ) {
    throw new Error(`not a gateway answer with tokens: ${body.slice(0, 200)}`);
  }
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
}

async function post(httpUrl: string, path: string, body: object): Promise<GatewayTokens> {
  const response = await fetch(`${httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 200)}`);
  return tokensOfAnswer(text);
}

/** `POST /auth/login` with an email and a password: a new session's token pair. */
export function gatewayLogin(httpUrl: string, email: string, password: string) {
  return post(httpUrl, '/auth/login', { email, password });
}

/** Registers `count` accounts with `POST /auth/register`, a few at a time (one argon2id each). */
export async function registerGatewayAccounts(
  httpUrl: string,
  count: number,
): Promise<GatewayAccount[]> {
  const run = randomBytes(4).toString('hex');
  const accounts = new Array<GatewayAccount>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const email = `gateway-${run}-${i}@example.org`;
        const password = `Bench-password-${i}`;
        const body = { email, password, firstName: 'Bench', lastName: `Gateway ${i}` };
        accounts[i] = { email, password, tokens: await post(httpUrl, '/auth/register', body) };
      }
    }),
  );
  return accounts;
}

/** Logs each (email, password) in with `POST /auth/login`, a few at a time. */
export async function loginAll(
  httpUrl: string,
  credentials: { email: string; password: string }[],
): Promise<GatewayTokens[]> {
  const tokens = new Array<GatewayTokens>(credentials.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, credentials.length) }, async () => {
      for (let i = next++; i < credentials.length; i = next++) {
        tokens[i] = await gatewayLogin(httpUrl, credentials[i].email, credentials[i].password);
      }
    }),
  );
  return tokens;
}
