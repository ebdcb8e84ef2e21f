import { createHash } from 'node:crypto';
import type { PwnedPasswords } from '@tangle/application';

export interface PwnedPasswordsOptions {
  /** The range API's base (`https://api.pwnedpasswords.com`, or a mirror); `/range/<prefix>` is added. */
  baseUrl: string;
  /** The whole exchange, answer body included, must finish within this. */
  timeoutMs: number;
}

/** A padded answer is about 40 KB; anything past this is not a range answer. */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/**
 * Have I Been Pwned's Pwned Passwords range API, by k-anonymity: the password's SHA-1 is
 * computed here, only its first 5 hex characters are sent, and the suffixes of every breached
 * hash sharing them come back to be compared here. `Add-Padding: true` asks for padding with
 * fake suffixes (count 0), so even the answer's size tells an observer nothing.
 */
export class PwnedPasswordsRangeClient implements PwnedPasswords {
  private readonly baseUrl: string;

  constructor(private readonly options: PwnedPasswordsOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async timesSeen(password: string): Promise<number> {
    const hash = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
    const prefix = hash.slice(0, 5);
    const suffix = hash.slice(5);
    const body = await this.fetchRange(prefix);
    for (const line of body.split('\n')) {
      const colon = line.indexOf(':');
      if (colon !== 35 || line.slice(0, colon).toUpperCase() !== suffix) continue;
      const count = Number.parseInt(line.slice(colon + 1), 10);
      return Number.isFinite(count) && count > 0 ? count : 0;
    }
    return 0;
  }

  private async fetchRange(prefix: string): Promise<string> {
    const { timeoutMs } = this.options;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(`${this.baseUrl}/range/${prefix}`, {
        headers: { 'Add-Padding': 'true', 'User-Agent': 'tangle-auth' },
        signal,
        redirect: 'error',
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`the range service answered HTTP ${response.status}`);
      }
      return await readCapped(response);
    } catch (error) {
      if (signal.aborted)
        throw new Error(`no answer from the range service within ${timeoutMs} ms`);
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(
        cause ? `the range service is unreachable (${cause})` : (error as Error).message,
      );
    }
  }
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES)
      throw new Error(`the range answer is over ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
