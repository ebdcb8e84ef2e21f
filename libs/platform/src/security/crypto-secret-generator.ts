import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { SecretGenerator } from '@tangle/application';

/** node:crypto's CSPRNG; `randomInt` draws without modulo bias. */
export class CryptoSecretGenerator implements SecretGenerator {
  numericCode(digits: number): string {
    let code = '';
    for (let i = 0; i < digits; i++) code += String(randomInt(10));
    return code;
  }

  urlToken(bytes: number): string {
    return randomBytes(bytes).toString('base64url');
  }

  uuid(): string {
    return randomUUID();
  }
}
