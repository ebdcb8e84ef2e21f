import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { SecretGenerator } from '@tangle/application';

/** node:crypto's CSPRNG; `randomInt` draws without modulo bias. */
export class CryptoSecretGenerator implements SecretGenerator {
  numericCode(digits: number): string {
    let code = '';
    for (let i = 0; i < digits; i++) code += String(randomInt(10));
    return code;
  }

  fromAlphabet(alphabet: string, length: number): string {
    let drawn = '';
    for (let i = 0; i < length; i++) drawn += alphabet[randomInt(alphabet.length)];
    return drawn;
  }

  urlToken(bytes: number): string {
    return randomBytes(bytes).toString('base64url');
  }

  uuid(): string {
    return randomUUID();
  }
}
